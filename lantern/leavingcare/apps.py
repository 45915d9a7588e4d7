from django.apps import AppConfig


class LeavingCareConfig(AppConfig):
    name = "lantern.leavingcare"
    label = "leavingcare"
    verbose_name = "Leaving care"
