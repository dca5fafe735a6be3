from django.urls import path

from . import household_views, rights_views, views
from .ledger_io import views as io_views

app_name = "people"
urlpatterns = [
    path("", views.ledger, name="ledger"),
    path("me/", rights_views.my_data, name="my_data"),
    path("me/download/", rights_views.my_data_download, name="my_data_download"),
    path("me/delete/", rights_views.my_data_delete, name="my_data_delete"),
    path("deletion-requests/", rights_views.deletion_list, name="deletion_requests"),
    path("deletion-requests/<int:pk>/", rights_views.deletion_answer, name="deletion_answer"),
    path("<int:pk>/", views.person_detail, name="person"),
    path("<int:pk>/edit/", views.person_edit, name="edit"),
    path("<int:pk>/move/", views.person_move, name="move"),
    path("<int:pk>/move-out/", views.person_move_out, name="move_out"),
    path("<int:pk>/tags/", views.tag_add, name="tag_add"),
    path("<int:pk>/reveal/", views.reveal, name="reveal"),
    path("tags/<int:pk>/end/", views.tag_end, name="tag_end"),
    path("households/<str:code>/", household_views.household_detail, name="household"),
    path("households/<str:code>/register/", household_views.person_register, name="register"),
    path("households/<str:code>/occasions/", household_views.occasion_record, name="occasion"),
    path("households/<str:code>/tags/", household_views.household_tag_add, name="household_tag_add"),
    path("four-musts/", household_views.four_musts, name="four_musts"),
    path("import/", io_views.import_page, name="import"),
    path("import/template/", io_views.import_template, name="import-template"),
    path("import/errors/<str:token>/", io_views.import_errors, name="import-errors"),
    path("export/", io_views.export_page, name="export"),
]
