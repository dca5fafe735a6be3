from django.urls import path, re_path

from . import extra_views, views

app_name = "dashboards"
urlpatterns = [
    path("", views.index, name="index"),
    path("<str:code>/", views.dashboard, name="node"),
    path("<str:code>/rankings/", extra_views.ranking, name="rankings"),
    path("<str:code>/steering/", extra_views.steering_page, name="steering"),
    re_path(r"^(?P<code>\d+)/report\.(?P<fmt>xlsx|pdf)$", extra_views.report, name="report"),
]
