from django.apps import AppConfig


class StepChangeConfig(AppConfig):
    name = "lantern.stepchange"
    label = "stepchange"
    verbose_name = "Stepping up and down"
