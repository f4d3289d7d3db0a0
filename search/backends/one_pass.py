"""A results page and the counts per value, from one full-text pass (both databases).

The site search shows, on every results page, one page of ranked hits and how many
hits each type has. Read apart, both run the full-text match over every hit: for a
common word on a large site (868 pages for "Leber" at 40,000 pages) that pass is most
of the request, and ran twice. Each backend writes its matches as one ``SELECT`` of
``entry`` (a tie-breaker), ``object_id``, ``score`` (larger is better) and ``v`` (the
counted value); ``read`` computes them once, as a table expression both parts read.
"""

from django.db import connections
from django.db.models import IntegerField

# The database's 64-bit OFFSET; a page beyond it has no hits.
LARGEST_OFFSET = 2**62


def holds_integers(field):
    """Whether ``field`` stores integers: an integer field, or a key to one (matches are
    then looked up by key, and counted values keep their type)."""
    return isinstance(field.target_field if field.is_relation else field, IntegerField)


def read(matches_sql, params, start, stop, using):
    """``([(object_id, score), …] of the slice, best first; {v: hits})``.

    ``matches_sql`` selects ``entry``, ``object_id``, ``score`` and ``v`` (see the module).
    Ties keep the order the backends' own ranking gives: the newest entry first. Every
    column of the page's part is typed (a ``NULL`` there would be text to PostgreSQL).
    """
    limit = LARGEST_OFFSET if stop is None else max(stop - start, 0)
    sql = (
        f'WITH "matches" AS MATERIALIZED ({matches_sql}) '  # noqa: S608 - built by a backend
        'SELECT * FROM (SELECT 0 AS "part", "object_id", "score", "v", 0 AS "n" '
        'FROM "matches" ORDER BY "score" DESC, "entry" DESC LIMIT %s OFFSET %s) AS "page" '
        'UNION ALL SELECT 1, NULL, NULL, "v", COUNT(*) FROM '
        '(SELECT DISTINCT "object_id", "v" FROM "matches") AS "found" GROUP BY "v"'
    )
    ranked, counts = [], {}
    with connections[using].cursor() as cursor:
        cursor.execute(sql, [*params, limit, start])
        for part, object_id, score, value, number in cursor.fetchall():
            if part == 0:
                ranked.append((object_id, score))
            else:
                counts[value] = number
    return ranked, counts


class OnePassResults:
    """Mixed into a backend's results: ``ids_and_facet`` for the site search
    (``search.service``), from the query compiler's ``ranked_and_counted(start, stop,
    field_name, backend)``, which answers ``None`` where it cannot (the query, the
    field); an autocomplete compiler has none."""

    def ids_and_facet(self, field_name):
        """``(the keys of this slice's objects, best first; facet(field_name))``."""
        compiler = self.query_compiler
        both = None
        one_pass = getattr(compiler, "ranked_and_counted", None)
        if one_pass is not None and compiler._get_filterable_field(field_name) is not None:
            both = one_pass(self.start, self.stop, field_name, self.backend)
        if both is None:
            return [obj.pk for obj in self], self.facet(field_name)
        ranked, counts = both
        key = compiler.queryset.model._meta.pk
        ids = [key.to_python(object_id) for object_id, _score in ranked]
        return ids, dict(sorted(counts.items(), key=lambda item: -item[1]))
