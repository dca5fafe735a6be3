from django.urls import path

from . import hotline_views, views

app_name = "appeals"
urlpatterns = [
    path("", views.appeal_queue, name="list"),
    path("new/", views.appeal_new, name="new"),
    path("report/", views.appeal_report, name="report"),
    path("mine/", views.appeal_mine, name="mine"),
    path("hotspots/", views.appeal_hotspots, name="hotspots"),
    path("measures/", views.appeal_measures, name="measures"),
    path("bulk-dispatch/", views.appeal_bulk_dispatch, name="bulk_dispatch"),
    path("hotline/", hotline_views.hotline_page, name="hotline"),
    path("hotline/template.xlsx", hotline_views.hotline_template, name="hotline_template"),
    path("hotline/export/", hotline_views.hotline_export, name="hotline_export"),
    path("<int:pk>/", views.appeal_detail, name="detail"),
    path("<int:pk>/photos/<int:photo_pk>/", views.appeal_photo, name="photo"),
    path("<int:pk>/act/<slug:action>/", views.appeal_act, name="act"),
]
