from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "lantern.assessment"
    label = "assessment"
    verbose_name = "Assessment"
