from django.urls import path

from . import views

app_name = "roles"
urlpatterns = [
    path("", views.assignment_list, name="list"),
    path("grant/", views.assignment_grant_view, name="grant"),
    path("<int:pk>/revoke/", views.assignment_revoke_view, name="revoke"),
]
