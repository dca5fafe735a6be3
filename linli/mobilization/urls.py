from django.urls import path

from . import views

app_name = "mobilization"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.board, name="board"),
    path("<int:pk>/mine/", views.mine, name="mine"),
    path("<int:pk>/tasks/<int:task_pk>/", views.confirm, name="confirm"),
    path("<int:pk>/close/", views.close, name="close"),
]
