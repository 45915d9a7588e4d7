from django.apps import AppConfig


class ReturnsConfig(AppConfig):
    name = "lantern.returns"
    label = "returns"
    verbose_name = "Statutory returns"
