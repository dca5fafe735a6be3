from django.urls import path

from . import views

app_name = "volunteers"
urlpatterns = [
    path("", views.activities, name="activities"),
    path("activities/new/", views.activity_new, name="activity_new"),
    path("activities/<int:pk>/", views.activity_detail, name="activity"),
    path("activities/<int:pk>/<slug:action>/", views.activity_act, name="activity_act"),
    path("roster/", views.roster, name="roster"),
    path("board/", views.board, name="board"),
]
