"""Admin wiring for search: synonym snippets, the two query reports, their permission."""

from django.contrib.auth.models import Permission
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import SearchSynonym
from .reports import PopularSearchesReport, ZeroResultSearchesReport, can_view_reports


class SearchSynonymViewSet(SnippetViewSet):
    model = SearchSynonym
    icon = "search"
    menu_label = _("Search synonyms")
    list_display = ["__str__", "locale"]
    search_fields = ["terms"]


register_snippet(SearchSynonymViewSet)

report_urls = [
    path("popular/", PopularSearchesReport.as_view(), name="popular"),
    path(
        "popular/results/",
        PopularSearchesReport.as_view(results_only=True),
        name="popular_results",
    ),
    path("zero-results/", ZeroResultSearchesReport.as_view(), name="zero_results"),
    path(
        "zero-results/results/",
        ZeroResultSearchesReport.as_view(results_only=True),
        name="zero_results_results",
    ),
]


@hooks.register("register_admin_urls")
def register_report_urls():
    return [path("reports/searches/", include((report_urls, "search_reports")))]


class SearchReportMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view_reports(request.user)


@hooks.register("register_reports_menu_item")
def register_popular_searches_menu_item():
    return SearchReportMenuItem(
        _("Popular searches"), reverse("search_reports:popular"), icon_name="search", order=1310
    )


@hooks.register("register_reports_menu_item")
def register_zero_result_searches_menu_item():
    return SearchReportMenuItem(
        _("Searches without results"),
        reverse("search_reports:zero_results"),
        icon_name="search",
        order=1320,
    )


@hooks.register("register_permissions")
def register_report_permission():
    return Permission.objects.filter(
        content_type__app_label="search", codename="view_searchqueryday"
    )
