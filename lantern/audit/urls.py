from django.urls import path

from . import views

app_name = "audit"
urlpatterns = [
    path("<int:child_id>/viewed-by/", views.viewed_by, name="viewed-by"),
]
