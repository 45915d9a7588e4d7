from django.urls import path

from . import views

app_name = "returns"
urlpatterns = [
    path("data-quality/", views.data_quality_page, name="quality"),
]
