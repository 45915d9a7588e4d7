from django.urls import path

from . import views

app_name = "stepchange"
urlpatterns = [
    path("children/<int:child_id>/level-of-need/", views.index_page, name="index"),
    path("children/<int:child_id>/level-of-need/step-down/", views.propose_page, name="propose"),
    path("children/<int:child_id>/level-of-need/step-up/", views.step_up_page, name="step-up"),
    path("children/<int:child_id>/level-of-need/<int:step_id>/", views.decide_page, name="decide"),
    path("step-downs/", views.measure_page, name="measure"),
]
