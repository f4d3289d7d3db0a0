from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "CMS"

    def ready(self):
        from . import compat, integrity, notifications, signals

        signals.connect()
        integrity.connect()
        notifications.connect()
        compat.install()
