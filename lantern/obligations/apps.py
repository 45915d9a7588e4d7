from django.apps import AppConfig


class ObligationsConfig(AppConfig):
    name = "lantern.obligations"
    label = "obligations"
