from django.urls import path

from . import fee_views, views, work_views

app_name = "property"
urlpatterns = [
    path("", views.board, name="board"),
    path("evaluate/<str:code>/", views.evaluate, name="evaluate"),
    path("companies/<int:pk>/", views.company_detail, name="company"),
    path("fees/", fee_views.fee_overview, name="fees"),
    path("fees/import/", fee_views.fee_import, name="fee-import"),
    path("fees/bills/<int:pk>/pay/", fee_views.fee_pay, name="fee-pay"),
    path("fees/<str:code>/", fee_views.fee_compound, name="fee-compound"),
    path("fees/<str:code>/bills/", fee_views.fee_bill, name="fee-bill"),
    path("fees/<str:code>/sheet/", fee_views.fee_sheet, name="fee-sheet"),
    path("disputes/", work_views.disputes, name="disputes"),
    path("campaigns/", work_views.campaign_list, name="campaigns"),
    path("campaigns/new/", work_views.campaign_new, name="campaign-new"),
    path("campaigns/<int:pk>/", work_views.campaign_detail, name="campaign"),
    path("campaigns/<int:pk>/items/", work_views.campaign_item_new, name="campaign-item-new"),
    path("campaigns/items/<int:pk>/rectify/", work_views.campaign_item_rectify, name="campaign-item-rectify"),
    path("campaigns/<int:pk>/close/", work_views.campaign_close, name="campaign-close"),
]
