from django.urls import path

from . import views

app_name = "projects"
urlpatterns = [
    path("", views.lists, name="lists"),
    path("add/<slug:what>/", views.list_add, name="add"),
    path("all/", views.project_list, name="projects"),
    path("p/<int:pk>/", views.project_detail, name="project"),
    path("p/<int:pk>/<slug:action>/", views.project_act, name="act"),
    path("orgs/", views.org_list, name="orgs"),
    path("orgs/<int:pk>/", views.org_detail, name="org"),
]
