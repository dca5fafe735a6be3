from django.urls import path

from . import hazard_views, views

app_name = "visits"
urlpatterns = [
    path("", views.todo, name="todo"),
    path("record/<str:code>/", views.record, name="record"),
    path("history/", views.history, name="history"),
    path("coverage/", views.coverage, name="coverage"),
    path("alerts/", views.alerts, name="alerts"),
    path("patrols/", views.patrols, name="patrols"),
    path("hazards/", hazard_views.hazard_list, name="hazards"),
    path("hazards/new/", hazard_views.hazard_new, name="hazard_new"),
    path("hazards/<int:pk>/", hazard_views.hazard_detail, name="hazard_detail"),
    path("hazards/<int:pk>/photos/<int:photo_pk>/", hazard_views.hazard_photo, name="hazard_photo"),
    path("hazards/<int:pk>/<slug:action>/", hazard_views.hazard_act, name="hazard_act"),
]
