from django.urls import path

from . import views

app_name = "stairwells"
urlpatterns = [
    path("", views.index, name="index"),
    path("plan/<str:code>/", views.plan, name="plan"),
    path("ratings/", views.ratings, name="ratings"),
]
