from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Search")

    def ready(self):
        from cms import page_cache

        from . import statistics

        page_cache.repeatable(statistics.COUNT, statistics.count_search)
