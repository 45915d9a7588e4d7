from django.urls import path

from . import views

app_name = "childinneed"
urlpatterns = [
    path("<int:child_id>/child-in-need/", views.index_page, name="index"),
    path("<int:child_id>/child-in-need/plans/<int:plan_id>/", views.plan_page, name="plan"),
]
