from django.urls import path

from . import body_views, entry_views, views

app_name = "party"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("org/new/", entry_views.org_new, name="org_new"),
    path("org/<int:pk>/", views.branch_detail, name="branch"),
    path("org/<int:pk>/edit/", entry_views.org_edit, name="org_edit"),
    path("org/<int:pk>/activity/", entry_views.activity_new, name="activity_new"),
    path("members/", views.member_list, name="members"),
    path("members/new/", entry_views.member_new, name="member_new"),
    path("members/<int:pk>/", views.member_detail, name="member"),
    path("members/<int:pk>/edit/", entry_views.member_edit, name="member_edit"),
    path("members/<int:pk>/transfer/", entry_views.transfer_new, name="transfer_new"),
    path("members/<int:pk>/confirm/", views.confirm_registration, name="confirm"),
    path("members/<int:pk>/register/", views.request_registration, name="register"),
    path("transfers/", entry_views.transfers, name="transfers"),
    path("transfers/<int:pk>/accept/", entry_views.transfer_accept, name="transfer_accept"),
    path("transfers/<int:pk>/reject/", entry_views.transfer_reject, name="transfer_reject"),
    path("body/new/<str:kind>/", body_views.body_new, name="body_new"),
    path("body/<int:pk>/", body_views.body_detail, name="body"),
    path("body/<int:pk>/edit/", body_views.body_edit, name="body_edit"),
    path("body/<int:pk>/seats/", body_views.seat_add, name="seat_add"),
    path("seats/<int:pk>/end/", body_views.seat_end, name="seat_end"),
    path("agreements/new/", body_views.agreement_new, name="agreement_new"),
    path("agreements/<int:pk>/", body_views.agreement_detail, name="agreement"),
    path("agreements/<int:pk>/edit/", body_views.agreement_edit, name="agreement_edit"),
    path("find/<str:code>/", views.find_organisation, name="find"),
]
