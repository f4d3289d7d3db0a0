from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """The headless API, above the content apps: it imports them, they never import it.

    Listed after the content apps in ``INSTALLED_APPS``: when ``ready()`` runs, their
    models are loaded; ``api.urls`` builds the schemas from what is registered here.
    """

    name = "api"
    verbose_name = _("API")

    def ready(self):
        from . import compat, images
        from .content import register

        register()
        compat.install()
        images.connect_signals()
