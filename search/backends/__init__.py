"""Search backends for our content: Wagtail's database backends, tuned.

``search.backends.database`` is the module settings point at. Like modelsearch's own
``database`` module it picks the implementation from the default connection's vendor:

* SQLite: ranking with one FTS5 pass instead of a correlated subquery per result
  (:mod:`search.backends.sqlite`).
* PostgreSQL: one text-search configuration per locale, so German pages are stemmed as
  German and French pages as French (:mod:`search.backends.postgres`).
"""
