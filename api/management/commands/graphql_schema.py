"""Write the GraphQL schema to ``api/graphql/schema.graphql`` (``--check``: fail if stale).

Apps generate clients from the committed file; CI (``tests/api/test_graphql.py``)
fails when a change to a page type, block or REST schema changes GraphQL without it.
"""

from pathlib import Path

from django.core.management.base import BaseCommand

from api.graphql.schema import schema_text

DEFAULT = Path(__file__).resolve().parents[2] / "graphql" / "schema.graphql"


class Command(BaseCommand):
    help = "Export the GraphQL schema (SDL); --check exits 1 when the file is out of date."

    def add_arguments(self, parser):
        parser.add_argument("--output", default=str(DEFAULT))
        parser.add_argument("--check", action="store_true")

    def handle(self, *args, output, check, **options):
        target = Path(output)
        text = schema_text()
        if check:
            if not target.exists() or target.read_text() != text:
                self.stderr.write(f"{target} is out of date: run manage.py graphql_schema")
                raise SystemExit(1)
            self.stdout.write(f"{target} is current.")
            return
        target.write_text(text)
        self.stdout.write(f"Wrote {target}.")
