from django.urls import path

from . import views

app_name = "points"
urlpatterns = [
    path("", views.home, name="home"),
    path("rewards/<int:pk>/redeem/", views.redeem, name="redeem"),
    path("rewards/new/", views.reward_new, name="reward_new"),
    path("accounts/<int:pk>/", views.account, name="account"),
    path("accounts/<int:pk>/<slug:action>/", views.account_act, name="account_act"),
    path("redemptions/<int:pk>/hand-over/", views.hand_over, name="hand_over"),
]
