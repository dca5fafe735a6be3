from django.urls import path

from . import views

app_name = "property"
urlpatterns = [
    path("", views.board, name="board"),
    path("evaluate/<str:code>/", views.evaluate, name="evaluate"),
    path("companies/<int:pk>/", views.company_detail, name="company"),
]
