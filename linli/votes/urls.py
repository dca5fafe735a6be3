from django.urls import path

from . import staff_views, views

app_name = "votes"
urlpatterns = [
    path("", views.poll_list, name="list"),
    path("new/", staff_views.poll_new, name="new"),
    path("<int:pk>/", views.poll_detail, name="detail"),
    path("<int:pk>/vote/", views.vote, name="vote"),
    path("<int:pk>/open/", staff_views.poll_open, name="open"),
    path("<int:pk>/close/", staff_views.poll_close, name="close"),
    path("<int:pk>/paper/", staff_views.paper, name="paper"),
    path("areas/<str:code>/", staff_views.areas, name="areas"),
]
