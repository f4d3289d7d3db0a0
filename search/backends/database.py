"""The search backend settings name: ``search.backends.database``.

Chooses the implementation the way ``modelsearch.backends.database`` does, from the
vendor of the default connection, so one setting serves SQLite and PostgreSQL.
"""

from django.db import connection

from modelsearch.backends.database import SearchBackend as ModelsearchDatabaseBackend


def SearchBackend(params):  # noqa: N802 - modelsearch looks the factory up by this name
    if connection.vendor == "postgresql":
        from .postgres import LocalePostgresSearchBackend

        return LocalePostgresSearchBackend(params)
    if connection.vendor == "sqlite":
        from .sqlite import FTS5RankSearchBackend, fts5_ready

        if fts5_ready():
            return FTS5RankSearchBackend(params)
    return ModelsearchDatabaseBackend(params)
