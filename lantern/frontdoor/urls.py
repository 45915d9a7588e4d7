from django.urls import path

from . import views

app_name = "frontdoor"
urlpatterns = [
    path("", views.queue_page, name="queue"),
    path("contacts/new/", views.new_contact, name="new"),
    path("contacts/<int:contact_id>/", views.contact_page, name="contact"),
    path("timeliness/", views.timeliness_page, name="timeliness"),
]
