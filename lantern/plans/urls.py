from django.urls import path

from . import views

app_name = "plans"
urlpatterns = [
    path("plans/quality/", views.quality_page, name="quality"),
]
