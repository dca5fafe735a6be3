from django.urls import path

from . import meeting_views, views

app_name = "deliberation"
urlpatterns = [
    path("", views.topic_list, name="topics"),
    path("topics/new/", views.topic_new, name="topic_new"),
    path("topics/<int:pk>/", views.topic_detail, name="topic"),
    path("topics/<int:pk>/<slug:action>/", views.topic_act, name="topic_act"),
    path("meetings/", meeting_views.meeting_list, name="meetings"),
    path("meetings/new/", meeting_views.meeting_new, name="meeting_new"),
    path("meetings/<int:pk>/", meeting_views.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/<slug:action>/", meeting_views.meeting_act, name="meeting_act"),
    path("items/", meeting_views.item_list, name="items"),
    path("items/<int:pk>/<slug:action>/", meeting_views.item_act, name="item_act"),
    path("stats/", meeting_views.stats, name="stats"),
]
