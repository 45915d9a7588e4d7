from django.apps import AppConfig


class FrontdoorConfig(AppConfig):
    name = "lantern.frontdoor"
    label = "frontdoor"
    verbose_name = "Front door"
