from django.urls import path

from . import views

app_name = "obligations"
urlpatterns = [
    path("", views.my_work, name="my-work"),
    path("team/", views.team, name="team"),
    path("rules/", views.rules, name="rules"),
]
