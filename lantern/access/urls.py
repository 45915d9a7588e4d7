from django.urls import path

from . import views

app_name = "access"
urlpatterns = [
    path("emergency-access/", views.emergency, name="emergency"),
    path("children/<int:child_id>/access/", views.child_page, name="child"),
    path("access/restrictions/", views.restrictions_report, name="restrictions"),
    path("access/emergency/", views.flags_report, name="flags"),
    path("access/emergency/<int:flag_id>/", views.flag_review, name="flag"),
    path("access/emergency/all/", views.break_glass_report, name="break-glass"),
    path("access/grants/", views.grants_report, name="grants"),
    path("access/staff-links/", views.staff_links_report, name="staff-links"),
]
