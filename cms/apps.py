from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("CMS")

    def ready(self):
        from . import compat, integrity, notifications, queue, signals

        signals.connect()
        integrity.connect()
        notifications.connect()
        compat.install()
        queue.connect()
