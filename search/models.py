"""What editors tune search with (synonyms) and what search records (queries per day)."""

import re

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.models import Locale, TranslatableMixin
from wagtail.search.utils import MAX_QUERY_STRING_LENGTH

TERM_SEPARATORS = re.compile(r"[\n,;=]+")


class SearchSynonym(TranslatableMixin, models.Model):
    """Words that mean the same to a patient, per language.

    Patients search for "liver secondaries", doctors write "hepatic metastases". Every
    term of a group finds pages that use any other term of the same group. Groups are
    translatable snippets: the source group is translated like any other content, and
    editors may add groups that exist in one language only.
    """

    terms = models.TextField(
        _("terms"),
        help_text=_(
            "Terms that mean the same, separated by commas, '=' or new lines, e.g. "
            "'liver metastases = hepatic metastases = liver secondaries'."
        ),
    )

    panels = [FieldPanel("terms")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("search synonym group")
        verbose_name_plural = _("search synonyms")

    def __str__(self):
        return " = ".join(self.term_list())

    def term_list(self):
        terms = TERM_SEPARATORS.split(self.terms)
        return [" ".join(term.split()) for term in terms if term.strip()]


class SearchQueryDay(models.Model):
    """How often a query was searched in one language on one day, and how often it found nothing.

    Wagtail's ``search_promotions`` counts hits per query, but neither per language nor
    zero-result searches; editors need both to see what patients look for in vain.
    """

    locale = models.ForeignKey(
        Locale, verbose_name=_("language"), on_delete=models.CASCADE, related_name="+"
    )
    query_string = models.CharField(_("search terms"), max_length=MAX_QUERY_STRING_LENGTH)
    date = models.DateField(_("date"), db_index=True)
    searches = models.PositiveIntegerField(_("searches"), default=0)
    zero_results = models.PositiveIntegerField(_("searches without results"), default=0)

    class Meta:
        verbose_name = _("search query")
        verbose_name_plural = _("search queries")
        constraints = [
            models.UniqueConstraint(
                fields=["locale", "query_string", "date"], name="search_query_day_unique"
            )
        ]

    def __str__(self):
        return self.query_string
