"""Admin reports for editors: what people search for, and what they search for in vain."""

import datetime

import django_filters

from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.auth import permission_denied
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, NumberColumn
from wagtail.admin.views.reports import ReportView
from wagtail.models import Locale

from .models import SearchQueryDay

VIEW_PERMISSION = "search.view_searchqueryday"
DEFAULT_DAYS = 30


def can_view_reports(user):
    return user.is_active and (user.is_superuser or user.has_perm(VIEW_PERMISSION))


class SearchQueryFilterSet(WagtailFilterSet):
    locale = django_filters.ModelChoiceFilter(
        queryset=Locale.objects.all(), label=_("Language"), empty_label=_("All languages")
    )
    date = django_filters.DateFromToRangeFilter(label=_("Date"), widget=DateRangePickerWidget)

    class Meta:
        model = SearchQueryDay
        fields = ["locale", "date"]


class BaseSearchQueryReport(ReportView):
    """Queries summed over days (the last 30 unless a date range is chosen)."""

    default_ordering = "-searches"
    header_icon = "search"
    filterset_class = SearchQueryFilterSet
    is_searchable = True
    search_fields = ["query_string"]
    columns = [
        Column("query_string", label=_("Search terms")),
        Column("language", label=_("Language")),
        NumberColumn("searches", label=_("Searches"), sort_key="searches"),
        NumberColumn("zero_results", label=_("Searches without results"), sort_key="zero_results"),
    ]
    list_export = ["query_string", "language", "searches", "zero_results"]
    export_headings = {
        "query_string": _("Search terms"),
        "language": _("Language"),
        "searches": _("Searches"),
        "zero_results": _("Searches without results"),
    }

    def dispatch(self, request, *args, **kwargs):
        if not can_view_reports(request.user):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)

    def get_base_queryset(self):
        days = SearchQueryDay.objects.all()
        if not self.request.GET.get("date_after") and not self.request.GET.get("date_before"):
            since = timezone.localdate() - datetime.timedelta(days=DEFAULT_DAYS)
            days = days.filter(date__gte=since)
        return days

    def get_filtered_queryset(self):
        # Filter and search the days first, then sum them per query and language.
        days = self.search_queryset(self.filter_queryset(self.get_base_queryset()))
        return self.summed(days)

    def summed(self, days):
        return (
            days.values("query_string", language=F("locale__language_code"))
            .annotate(searches=Sum("searches"), zero_results=Sum("zero_results"))
            .order_by(self.ordering or self.default_ordering, "query_string")
        )


class PopularSearchesReport(BaseSearchQueryReport):
    page_title = _("Popular searches")
    index_url_name = "search_reports:popular"
    index_results_url_name = "search_reports:popular_results"


class ZeroResultSearchesReport(BaseSearchQueryReport):
    page_title = _("Searches without results")
    index_url_name = "search_reports:zero_results"
    index_results_url_name = "search_reports:zero_results_results"

    default_ordering = "-zero_results"

    def summed(self, days):
        return super().summed(days.filter(zero_results__gt=0))
