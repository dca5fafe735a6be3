"""GeoReport v2 at /open311/v2/: every endpoint answers .json and .xml."""

from django.urls import path, re_path, register_converter

from . import views


class FormatConverter:
    regex = "json|xml"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(FormatConverter, "open311_format")

app_name = "open311"
urlpatterns = [
    path("discovery.<open311_format:format>", views.discovery, name="discovery"),
    path("services.<open311_format:format>", views.service_list, name="services"),
    path("services/<str:service_code>.<open311_format:format>", views.service_definition, name="service"),
    path("requests.<open311_format:format>", views.requests, name="requests"),
    path("requests/<str:service_request_id>.<open311_format:format>", views.request_detail, name="request"),
    path("tokens/<str:token>.<open311_format:format>", views.token_detail, name="token"),
    path("media/<str:service_request_id>/<int:photo_id>", views.media, name="media"),
    re_path(r"^(?P<path>.*)$", views.not_found),
]
