from django.urls import path

from . import views

app_name = "party"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("org/<int:pk>/", views.branch_detail, name="branch"),
    path("members/<int:pk>/confirm/", views.confirm_registration, name="confirm"),
    path("find/<str:code>/", views.find_organisation, name="find"),
]
