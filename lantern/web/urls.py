from django.contrib.auth.decorators import login_not_required
from django.urls import path

from . import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("sign-in/", login_not_required(views.SignInView.as_view()), name="sign-in"),
    path("sign-out/", views.sign_out, name="sign-out"),
]
