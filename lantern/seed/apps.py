from django.apps import AppConfig


class SeedConfig(AppConfig):
    name = "lantern.seed"
    label = "seed"
