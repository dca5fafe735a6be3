from django.urls import path

from . import views
from .ledger_io import views as io_views

app_name = "people"
urlpatterns = [
    path("", views.ledger, name="ledger"),
    path("import/", io_views.import_page, name="import"),
    path("import/template/", io_views.import_template, name="import-template"),
    path("import/errors/<str:token>/", io_views.import_errors, name="import-errors"),
    path("export/", io_views.export_page, name="export"),
]
