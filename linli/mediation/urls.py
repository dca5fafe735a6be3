from django.urls import path

from . import views

app_name = "mediation"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.case_new, name="new"),
    path("stats/", views.statistics, name="stats"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/archive/", views.case_archive, name="archive"),
    path("<int:pk>/<slug:action>/", views.case_act, name="act"),
]
