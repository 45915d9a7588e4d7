from django.urls import path

from . import views

app_name = "missing"
urlpatterns = [
    path("children/<int:child_id>/missing/", views.index_page, name="index"),
    path("children/<int:child_id>/missing/new/", views.new_page, name="new"),
    path("children/<int:child_id>/missing/<int:episode_id>/return/", views.return_page, name="return"),
    path("children/<int:child_id>/missing/<int:episode_id>/interview/", views.interview_page,
         name="interview"),
    path("missing/", views.service_page, name="service"),
]
