from django.urls import path

from . import views

app_name = "security"
urlpatterns = [
    path("sign-in/code/", views.verify, name="verify"),
    path("sign-in/authenticator-app/", views.enrol, name="enrol"),
    path("sign-in/recovery-code/", views.recovery, name="recovery"),
    path("sign-in/recovery-codes/", views.recovery_codes, name="recovery-codes"),
    path("security/second-factors/", views.second_factor_list, name="second-factors"),
    path("security/second-factors/<int:user_id>/reset/", views.second_factor_reset_page,
         name="second-factor-reset"),
    path("password-reset/", views.ResetRequestView.as_view(), name="password-reset"),
    path("password-reset/sent/", views.ResetSentView.as_view(), name="password-reset-sent"),
    path("password-reset/<uidb64>/<token>/", views.ResetConfirmView.as_view(),
         name="password-reset-confirm"),
    path("password-reset/done/", views.ResetCompleteView.as_view(), name="password-reset-complete"),
    path("security/events/", views.events, name="events"),
]
