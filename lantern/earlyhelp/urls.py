from django.urls import path

from . import views

app_name = "earlyhelp"
urlpatterns = [path("<int:child_id>/early-help/", views.index_page, name="index")]
