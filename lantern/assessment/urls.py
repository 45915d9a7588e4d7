from django.urls import path

from . import views

app_name = "assessment"
urlpatterns = [
    path("<int:child_id>/assessments/", views.assessments_page, name="list"),
    path("<int:child_id>/assessments/new/", views.start_page, name="start"),
    path("<int:child_id>/assessments/<int:assessment_id>/", views.assessment_page, name="detail"),
]
