from django.urls import path

from . import views

app_name = "people"
urlpatterns = [
    path("", views.search, name="search"),
    path("new/", views.add, name="add"),
    path("<int:child_id>/", views.record, name="record"),
]
