from django.urls import path

from . import views

app_name = "staff"
urlpatterns = [
    path("<int:child_id>/allocate/", views.allocate, name="allocate"),
]
