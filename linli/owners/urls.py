from django.urls import path

from . import views

app_name = "owners"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("bodies/<int:pk>/", views.body_detail, name="body"),
    path("guidance/", views.guidance, name="guidance"),
    path("candidates/", views.candidate_list, name="candidates"),
    path("candidates/new/", views.candidate_new, name="candidate_new"),
    path("candidates/<int:pk>/", views.candidate_detail, name="candidate"),
    path("candidates/<int:pk>/approve/", views.candidate_approve, name="candidate_approve"),
    path("candidates/<int:pk>/reject/", views.candidate_reject, name="candidate_reject"),
    path("candidates/<int:pk>/talk/", views.candidate_talk, name="candidate_talk"),
]
