"""SQLite FTS5 search whose ranking costs one FTS pass, not one per result.

modelsearch 1.3.2 orders SQLite results by a correlated subquery: for every candidate
row it runs the whole ``MATCH`` again and recomputes ``bm25()`` (whose IDF statistics
are counted per cursor). A common term over 5,000 pages took about 25 seconds.

Here the FTS5 table drives one query: ``fts CROSS JOIN indexentry`` (``CROSS JOIN``
tells SQLite to keep the FTS table as the outer loop), ``bm25()`` is computed once per
match, and the caller's queryset is applied to each match by primary key (``EXISTS``),
so the cost follows the number of matches, like the FTS pass itself. Pagination happens
in SQL; only the requested page of objects is loaded. Counting uses the same shape
without ``bm25()``.

Everything modelsearch does that has no ranking problem (negated queries, ``MatchAll``,
unranked searches) is left to modelsearch.

FTS5 does not stem. The backend stores each field's Snowball stems (in the object's
language) and plain-letter spellings next to its words (``index_text``, called by the
indexer through ``cms.compat``), and looks for every query word as itself *or* its stem
in the query's languages (``QUERY_LANGUAGES``; all languages without it): "Lebermetastase"
finds "Lebermetastasen" because both are indexed as ``lebermetastas``.
"""

from functools import reduce
from operator import and_, or_

from django.db import connections
from django.db.models import Count, IntegerField, TextField
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast

from modelsearch.backends.database.sqlite.query import MatchExpression, normalize
from modelsearch.backends.database.sqlite.sqlite import (
    SQLiteAutocompleteQueryCompiler,
    SQLiteSearchBackend,
    SQLiteSearchQueryCompiler,
    SQLiteSearchResults,
)
from modelsearch.backends.database.sqlite.utils import fts5_available, fts_table_exists
from modelsearch.conf import get_app_config
from modelsearch.query import MatchAll, Not, PlainText
from modelsearch.utils import get_descendants_content_types_pks

from search.analysis import SNOWBALL, language_of, stem, with_index_words

from . import one_pass
from .locales import object_language

_FTS5_READY = None


def fts5_ready():
    """FTS5 compiled in and the FTS table migrated (checked once per process)."""
    global _FTS5_READY
    if _FTS5_READY is None:
        _FTS5_READY = fts5_available() and fts_table_exists()
    return _FTS5_READY


def _models():
    app_config = get_app_config()
    return app_config.get_model("IndexEntry"), app_config.get_model("SQLiteFTSIndexEntry")


class FTS5RankMixin:
    """Ranked search in one FTS5 pass. Mixed into both query compilers.

    ``BM25_WEIGHTS`` follow the FTS table's column order, ``(autocomplete, body, title)``,
    as created by Wagtail's search migration.
    """

    BM25_WEIGHTS = (0.0, 1.0, 2.0)
    stem_languages = ()

    def build_search_query_content(self, query, config=None):
        """A plain-text query with every word OR-ed with its stems (see the module)."""
        parent = super()
        if not isinstance(query, PlainText) or not self.stem_languages:
            return parent.build_search_query_content(query, config=config)
        words = query.query_string.split()
        if not words:
            return None
        expressions = []
        for word in words:
            forms = dict.fromkeys(
                [word.lower(), *(stem(word, lang) for lang in self.stem_languages)]
            )
            alternatives = [
                parent.build_search_query_content(PlainText(form), config=config) for form in forms
            ]
            expressions.append(reduce(or_, alternatives))
        return reduce(and_ if query.operator.lower() == "and" else or_, expressions)

    def is_ranked_match(self):
        """Whether this query is a positive full-text match we can rank ourselves."""
        query = normalize(self.query)
        return not isinstance(query, MatchAll | Not)

    def _match_param(self, using):
        """The string modelsearch would pass to ``MATCH`` (columns and FTS5 expression)."""
        query = self.build_search_query(normalize(self.query), config=None)
        expression = MatchExpression(self.fields or self.FTS_TABLE_FIELDS, query)
        _index_entry, fts_entry = _models()
        compiler = fts_entry.objects.all().query.get_compiler(using=using)
        _sql, params = expression.as_sql(compiler, connections[using])
        return params[0]

    def _from_where(self, using):
        """``FROM … WHERE …`` shared by the ranked page and the count."""
        index_entry, fts_entry = _models()
        fts = fts_entry._meta.db_table
        entries = index_entry._meta.db_table
        content_types = list(get_descendants_content_types_pks(self.queryset.model))
        candidates_sql, candidates_params = self._candidates(entries, using)
        placeholders = ", ".join(["%s"] * len(content_types)) or "NULL"
        sql = (
            f'FROM "{fts}" CROSS JOIN "{entries}" ON "{entries}"."id" = "{fts}"."rowid" '  # noqa: S608 - table names from model meta
            f'WHERE "{fts}" MATCH %s '
            f'AND "{entries}"."content_type_id" IN ({placeholders}) '
            f"AND {candidates_sql}"
        )
        params = [self._match_param(using), *content_types, *candidates_params]
        return sql, params

    def _candidates(self, entries, using):
        """The caller's queryset as a condition on one match: ``(sql, params)``.

        With an integer primary key, ``EXISTS`` looks the match up by that key: the cost
        follows the number of matches. A non-correlated ``IN`` list of every candidate's
        id (what modelsearch does) cost the same for a rare word as for a common one, in
        proportion to the candidates: 5 ms of a 7 ms query for "Leber" among 10,000
        pages of one language, against 0.04 ms for "Krebs" (2 matches) by key.
        Other keys (the index stores them as text) keep the ``IN`` list.
        """
        match = self._by_key(entries, "pk")
        if match is not None:
            sql, params = match.query.get_compiler(using=using).as_sql()
            return f"EXISTS ({sql})", params
        candidates = (
            self.queryset.order_by()
            .annotate(_search_object_id=Cast("pk", TextField()))
            .values("_search_object_id")
        )
        sql, params = candidates.query.get_compiler(using=using).as_sql()
        return f'"{entries}"."object_id" IN ({sql})', params

    def _by_key(self, entries, field_name):
        """The caller's queryset narrowed to the current match's object (by its integer
        key), as ``values(field_name)``; ``None`` for other keys (see ``_candidates``)."""
        if not one_pass.holds_integers(self.queryset.model._meta.pk):
            return None
        object_id = RawSQL(f'"{entries}"."object_id"', ())  # noqa: S611 - a table name
        match = self.queryset.order_by().filter(pk=Cast(object_id, IntegerField()))
        return match.values(field_name)

    def _value_per_match(self, field_name, using):
        """``(sql, params)`` of the current match's ``field_name``, looked up by key, for
        the facet counts; ``None`` where keys or values are not integers."""
        if not one_pass.holds_integers(self.queryset.model._meta.get_field(field_name)):
            return None
        value = self._by_key(_models()[0]._meta.db_table, field_name)
        if value is None:
            return None
        return value[:1].query.get_compiler(using=using).as_sql()

    def ranked_object_ids(self, start, stop, using):
        """``[(object_id, relevance), …]`` for one slice, best first.

        ``relevance`` is ``-bm25()``: larger is better, like Wagtail's other backends.
        """
        index_entry, fts_entry = _models()
        fts = fts_entry._meta.db_table
        entries = index_entry._meta.db_table
        from_where, params = self._from_where(using)
        weights = ", ".join(str(float(weight)) for weight in self.BM25_WEIGHTS)
        limit = -1 if stop is None else max(stop - start, 0)
        sql = (
            f'SELECT "{entries}"."object_id", bm25("{fts}", {weights}) AS score '  # noqa: S608
            f"{from_where} "
            f'ORDER BY score, "{entries}"."id" DESC LIMIT %s OFFSET %s'
        )
        with connections[using].cursor() as cursor:
            cursor.execute(sql, [*params, limit, start])
            return [(object_id, -score) for object_id, score in cursor.fetchall()]

    def facet_counts(self, field_name, using):
        """``{value: matches}`` of ``field_name``, counted over the matches themselves
        with each one's value looked up by key; ``None`` where keys or values are not
        integers (the values come back as the database stores them, which for integers
        and foreign keys to them is what Django would give).

        As ``matching_queryset().values(field).annotate(Count)``, SQLite read every page
        of the caller's language and tested each against the matches (5 of 7 ms for
        "Leber" at 40,000 pages), once an index covering its columns existed.
        """
        value = self._value_per_match(field_name, using)
        if value is None:
            return None
        value_sql, value_params = value
        entries = _models()[0]._meta.db_table
        from_where, params = self._from_where(using)
        matches = f'SELECT DISTINCT "{entries}"."object_id", ({value_sql}) AS "v" {from_where}'
        sql = f'SELECT "v", COUNT(*) FROM ({matches}) GROUP BY "v"'  # noqa: S608 - built above
        with connections[using].cursor() as cursor:
            cursor.execute(sql, [*value_params, *params])
            return dict(cursor.fetchall())

    def ranked_and_counted(self, start, stop, field_name, backend):
        """``(ranked_object_ids(start, stop), facet_counts(field_name))`` from one FTS
        pass (``search.backends.one_pass``); ``None`` where ``facet_counts`` would be
        ``None`` or the order is not by relevance."""
        if not (self.is_ranked_match() and self.order_by_relevance):
            return None
        using = self.queryset.db
        value = self._value_per_match(field_name, using)
        if value is None:
            return None
        value_sql, value_params = value
        index_entry, fts_entry = _models()
        fts = fts_entry._meta.db_table
        entries = index_entry._meta.db_table
        from_where, params = self._from_where(using)
        weights = ", ".join(str(float(weight)) for weight in self.BM25_WEIGHTS)
        matches = (
            f'SELECT "{entries}"."id" AS "entry", "{entries}"."object_id" AS "object_id", '  # noqa: S608
            f'-bm25("{fts}", {weights}) AS "score", ({value_sql}) AS "v" {from_where}'
        )
        return one_pass.read(matches, [*value_params, *params], start, stop, using)

    def matching_queryset(self, using):
        """The caller's queryset narrowed to matches, unranked (for facets)."""
        index_entry, _fts_entry = _models()
        from_where, params = self._from_where(using)
        entries = index_entry._meta.db_table
        ids = RawSQL(f'SELECT "{entries}"."object_id" {from_where}', params)  # noqa: S611
        return self.queryset.filter(pk__in=ids)

    def count_matches(self, using):
        from_where, params = self._from_where(using)
        with connections[using].cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) {from_where}", params)  # noqa: S608
            return cursor.fetchone()[0]


class FTS5RankSearchQueryCompiler(FTS5RankMixin, SQLiteSearchQueryCompiler):
    pass


class FTS5RankAutocompleteQueryCompiler(FTS5RankMixin, SQLiteAutocompleteQueryCompiler):
    BM25_WEIGHTS = (1.0, 0.0, 0.0)


class FTS5RankSearchResults(one_pass.OnePassResults, SQLiteSearchResults):
    """Results that fetch one ranked slice of ids, then only those objects."""

    def _ranked(self):
        compiler = self.query_compiler
        return compiler.is_ranked_match() and (
            compiler.order_by_relevance or self._score_field is not None
        )

    @property
    def _using(self):
        return self.query_compiler.queryset.db

    def _do_search(self):
        if not self._ranked():
            return super()._do_search()
        compiler = self.query_compiler
        if not compiler.order_by_relevance:
            # The caller's ordering wins; only attach scores to this slice.
            objects = super()._do_search()
            scores = dict(compiler.ranked_object_ids(0, None, self._using))
            for obj in objects:
                setattr(obj, self._score_field, scores.get(str(obj.pk)))
            return objects
        return self._objects(compiler.ranked_object_ids(self.start, self.stop, self._using))

    def _objects(self, ranked):
        """The objects of ``ranked`` (``[(object_id, relevance), …]``), in its order."""
        compiler = self.query_compiler
        if not ranked:
            return []
        by_id = {
            str(obj.pk): obj
            for obj in compiler.queryset.filter(pk__in=[object_id for object_id, _ in ranked])
        }
        results = []
        for object_id, relevance in ranked:
            obj = by_id.get(object_id)
            if obj is None:
                continue
            if self._score_field:
                setattr(obj, self._score_field, relevance)
            results.append(obj)
        return results

    def _do_count(self):
        if not self.query_compiler.is_ranked_match():
            return super()._do_count()
        total = self.query_compiler.count_matches(self._using)
        total = max(total - self.start, 0)
        if self.stop is not None:
            total = min(total, self.stop - self.start)
        return total

    def facet(self, field_name):
        compiler = self.query_compiler
        if not compiler.is_ranked_match():
            return super().facet(field_name)
        super_field = compiler._get_filterable_field(field_name)
        if super_field is None:
            return super().facet(field_name)  # raises modelsearch's FilterFieldError
        counts = compiler.facet_counts(field_name, self._using)
        if counts is not None:
            return dict(sorted(counts.items(), key=lambda item: -item[1]))
        rows = (
            compiler.matching_queryset(self._using)
            .values(field_name)
            .annotate(count=Count("pk"))
            .order_by("-count")
        )
        return {row[field_name]: row["count"] for row in rows}


class FTS5RankSearchBackend(SQLiteSearchBackend):
    query_compiler_class = FTS5RankSearchQueryCompiler
    autocomplete_query_compiler_class = FTS5RankAutocompleteQueryCompiler
    results_class = FTS5RankSearchResults

    def __init__(self, params):
        super().__init__(params)
        languages = [language_of(code) for code in params.get("QUERY_LANGUAGES") or SNOWBALL]
        self.stem_languages = tuple(dict.fromkeys(lang for lang in languages if lang))

    def index_text(self, obj, text):
        """The text, its stems and its plain-letter spellings (``cms.compat`` calls this)."""
        return with_index_words(text, object_language(obj), stems=True)

    def search(self, *args, **kwargs):
        results = super().search(*args, **kwargs)
        compiler = getattr(results, "query_compiler", None)
        if compiler is not None:
            compiler.stem_languages = self.stem_languages
        return results


SearchBackend = FTS5RankSearchBackend
