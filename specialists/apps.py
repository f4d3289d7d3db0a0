from django.apps import AppConfig


class SpecialistsConfig(AppConfig):
    name = "specialists"

    def ready(self):
        from . import api

        api.register()
