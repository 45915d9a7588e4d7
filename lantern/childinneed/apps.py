from django.apps import AppConfig


class ChildInNeedConfig(AppConfig):
    name = "lantern.childinneed"
    label = "childinneed"
    verbose_name = "Child in need"
