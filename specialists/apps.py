from django.apps import AppConfig


class SpecialistsConfig(AppConfig):
    name = "specialists"
