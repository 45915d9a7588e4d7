from django.apps import AppConfig


class StaffConfig(AppConfig):
    name = "lantern.staff"
    label = "staff"
