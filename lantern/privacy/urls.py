from django.urls import path

from . import views

app_name = "privacy"
urlpatterns = [
    path("privacy/subject-access/", views.subject_access_page, name="subject-access"),
    path("privacy/retention/", views.retention_page, name="retention"),
    path("privacy/retention/children/<int:child_id>/hold/", views.hold_page, name="hold"),
]
