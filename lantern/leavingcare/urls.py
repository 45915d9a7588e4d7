from django.urls import path

from . import views

app_name = "leavingcare"
urlpatterns = [path("<int:child_id>/leaving-care/", views.index_page, name="index")]
