from django.urls import path

from . import views

app_name = "security"
urlpatterns = [
    path("sign-in/code/", views.verify, name="verify"),
    path("sign-in/authenticator-app/", views.enrol, name="enrol"),
    path("password-reset/", views.ResetRequestView.as_view(), name="password-reset"),
    path("password-reset/sent/", views.ResetSentView.as_view(), name="password-reset-sent"),
    path("password-reset/<uidb64>/<token>/", views.ResetConfirmView.as_view(),
         name="password-reset-confirm"),
    path("password-reset/done/", views.ResetCompleteView.as_view(), name="password-reset-complete"),
    path("security/events/", views.events, name="events"),
]
