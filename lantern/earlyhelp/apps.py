from django.apps import AppConfig


class EarlyHelpConfig(AppConfig):
    name = "lantern.earlyhelp"
    label = "earlyhelp"
    verbose_name = "Early help"
