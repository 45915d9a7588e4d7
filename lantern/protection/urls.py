from django.urls import path

from . import views

app_name = "protection"
urlpatterns = [
    path("<int:child_id>/protection/", views.index_page, name="index"),
    path("<int:child_id>/protection/strategy-discussions/new/", views.strategy_page, name="strategy"),
    path("<int:child_id>/protection/enquiries/<int:enquiry_id>/", views.enquiry_page, name="enquiry"),
    path("<int:child_id>/protection/plans/<int:plan_id>/", views.plan_page, name="plan"),
]
