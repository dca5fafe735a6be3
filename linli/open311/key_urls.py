"""The staff page for Open311 API keys at /open311/keys/."""

from django.urls import path

from . import key_views

app_name = "open311_keys"
urlpatterns = [
    path("", key_views.key_list, name="list"),
    path("<int:pk>/revoke/", key_views.key_revoke, name="revoke"),
]
