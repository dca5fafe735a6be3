from django.urls import path

from . import views, views_excel

app_name = "places"
urlpatterns = [
    path("", views.place_browse, name="browse"),
    path("import/", views_excel.place_import, name="import"),
    path("import/errors/<str:token>/", views_excel.place_import_errors, name="import-errors"),
    path("export.xlsx", views_excel.place_export, name="export"),
    path("template.xlsx", views_excel.place_template, name="template"),
    path("<str:code>/", views.place_detail, name="detail"),
]
