from django.urls import path

from . import views

app_name = "grids"
urlpatterns = [
    path("", views.grid_browse, name="browse"),
    path("report/", views.grid_report, name="report"),
    path("<str:code>/", views.grid_detail, name="detail"),
]
