"""PostgreSQL full-text search with the text-search configuration of each page's locale.

modelsearch's PostgreSQL backend takes one ``SEARCH_CONFIG`` for everything. All backends
share one index table, so "one backend per language" would overwrite each other's rows.
Instead this backend:

* indexes every object with the configuration of its locale (``german`` for a German
  page, ``french`` for a French one, ``simple`` for objects without a locale such as
  images), so stemming matches the language the text is written in;
* stores plain-letter spellings next to words with umlauts and accents
  (``index_text``, ``search.analysis.spellings``) and searches each query word OR its
  plain spellings, so "Grossmüller" finds "Großmüller" whatever the configuration;
* searches with the configuration(s) of the languages asked for: ``QUERY_LANGUAGES``
  (``get_search_backend("default", QUERY_LANGUAGES=["de"])``). Without it, the query is
  parsed with every configuration and the results OR-ed, which is right for
  all-language searches and the admin.

Changing the mapping needs ``manage.py update_index``: stored vectors keep the
configuration they were built with.
"""

from collections import defaultdict
from functools import reduce
from operator import and_, or_

from django.db.models import F, IntegerField, OuterRef, Subquery
from django.db.models.functions import Cast

from modelsearch.backends.database.postgres.postgres import (
    PostgresAutocompleteQueryCompiler,
    PostgresIndex,
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
    PostgresSearchResults,
)
from modelsearch.conf import get_app_config
from modelsearch.query import Fuzzy, MatchAll, Not, PlainText
from modelsearch.utils import get_descendants_content_types_pks

from search.analysis import spellings, with_index_words

from . import one_pass
from .locales import object_language

DEFAULT_LANGUAGE_CONFIGS = {"en": "english", "de": "german", "fr": "french", "it": "italian"}
FALLBACK_CONFIG = "simple"


class LocaleConfigIndex(PostgresIndex):
    """Index each object with its locale's configuration (grouped, so still in bulk)."""

    def add_items(self, model, objs):
        groups = defaultdict(list)
        for obj in objs:
            groups[self.backend.config_for_object(obj)].append(obj)
        query_config = self.backend.config
        try:
            for config, group in groups.items():
                # modelsearch's ObjectIndexer reads ``backend.config`` when it is created.
                self.backend.config = config
                super().add_items(model, group)
        finally:
            self.backend.config = query_config


class MultiConfigQueryMixin:
    """Parse the query once per configuration and OR the results together."""

    def build_tsquery(self, query, config=None):
        if isinstance(config, list | tuple):
            parent = super()
            parsed = [parent.build_tsquery(query, config=c) for c in config]
            parsed = [item for item in parsed if item is not None]
            return reduce(or_, parsed) if parsed else None
        return super().build_tsquery(query, config=config)


class LocalePostgresSearchQueryCompiler(MultiConfigQueryMixin, PostgresSearchQueryCompiler):
    def build_tsquery_content(self, query, config=None, invert=False):
        """Every word OR-ed with its plain spellings: the ``english`` configuration keeps
        "grossmüller" as it is, and the index has "großmüller" and "grossmuller"."""
        parent = super()
        if not isinstance(query, PlainText) or invert:
            return parent.build_tsquery_content(query, config=config, invert=invert)
        words = query.query_string.split()
        if not any(spellings(word) for word in words):
            return parent.build_tsquery_content(query, config=config, invert=invert)
        expressions = []
        for word in words:
            forms = [word, *spellings(word)]
            alternatives = [
                parent.build_tsquery_content(PlainText(form), config=config) for form in forms
            ]
            expressions.append(reduce(or_, alternatives))
        return reduce(and_ if query.operator.lower() == "and" else or_, expressions)

    def ranked_and_counted(self, start, stop, field_name, backend):
        """One page of ranked object ids and the matches per ``field_name`` value, from
        one full-text pass (``search.backends.one_pass``); ``None`` where the query or the
        field does not allow it (modelsearch's two queries are then used).

        modelsearch matches from the page side (``LEFT JOIN`` the index entries on
        ``object_id = id::varchar``): PostgreSQL hashed every page of the language to
        join them (15 of a search's 35 ms at 40,000 pages, counts and ranked page each).
        Here the text index drives, and each match looks its page up by key (a scalar
        subquery: PostgreSQL turns an ``EXISTS`` into the same hash join). The rank is
        modelsearch's own expression (``_build_rank_expression``), ties by newest page.
        """
        model = self.queryset.model
        if (
            not self.order_by_relevance
            or self.fields is not None
            or isinstance(self.query, MatchAll | Not | Fuzzy)
            or not one_pass.holds_integers(model._meta.pk)
            or not one_pass.holds_integers(counted := model._meta.get_field(field_name))
            or counted.null
        ):
            return None
        config = self.get_config(backend)
        search_query = self.build_tsquery(self.query, config=config)
        if search_query is None:
            return None
        vectors = [(F("title"), F("title_norm")), (F("body"), 1.0)]
        rank = self._build_rank_expression(vectors, config)
        own = self.queryset.order_by().filter(pk=Cast(OuterRef("object_id"), IntegerField()))
        index_entry = get_app_config().get_model("IndexEntry")
        matches = (
            index_entry.objects.filter(
                content_type_id__in=list(get_descendants_content_types_pks(model))
            )
            .annotate(_vector_=F("title")._combine(F("body"), "||", False))
            .filter(_vector_=search_query)
            .annotate(
                entry=Cast("object_id", IntegerField()),
                score=rank,
                v=Subquery(own.values(field_name)[:1]),
            )
            .values("entry", "object_id", "score", "v")
            .order_by()
        )
        sql, params = matches.query.sql_with_params()
        # In the queryset where the value was found (it is never null). ``OFFSET 0``
        # keeps PostgreSQL from copying the lookup into the condition (run twice).
        sql = f'SELECT * FROM ({sql} OFFSET 0) AS "m" WHERE "v" IS NOT NULL'  # noqa: S608
        return one_pass.read(sql, params, start, stop, self.queryset.db)


class LocalePostgresSearchResults(one_pass.OnePassResults, PostgresSearchResults):
    pass


class LocalePostgresAutocompleteQueryCompiler(
    MultiConfigQueryMixin, PostgresAutocompleteQueryCompiler
):
    pass


class LocalePostgresSearchBackend(PostgresSearchBackend):
    index_class = LocaleConfigIndex
    query_compiler_class = LocalePostgresSearchQueryCompiler
    results_class = LocalePostgresSearchResults
    autocomplete_query_compiler_class = LocalePostgresAutocompleteQueryCompiler

    def __init__(self, params):
        super().__init__(params)
        self.language_configs = {
            **DEFAULT_LANGUAGE_CONFIGS,
            **params.get("LANGUAGE_CONFIGS", {}),
        }
        self.config = self.query_config(params.get("QUERY_LANGUAGES"))

    def query_config(self, languages):
        """One configuration, or a list to OR over (every language and ``simple``)."""
        if languages:
            configs = [self.config_for_language(code) for code in languages]
        else:
            configs = [*self.language_configs.values(), FALLBACK_CONFIG]
        configs = list(dict.fromkeys(configs))
        return configs[0] if len(configs) == 1 else configs

    def config_for_language(self, language_code):
        base = (language_code or "").split("-")[0].lower()
        return self.language_configs.get(base, FALLBACK_CONFIG)

    def config_for_object(self, obj):
        language = object_language(obj)
        if language is None:
            return FALLBACK_CONFIG
        return self.config_for_language(language)

    def index_text(self, obj, text):
        """Plain-letter spellings next to the text (``cms.compat``): PostgreSQL keeps
        accents, so "Wurschmidt" and "Wuerschmidt" would not find "Würschmidt"."""
        return with_index_words(text, object_language(obj), stems=False)


SearchBackend = LocalePostgresSearchBackend
