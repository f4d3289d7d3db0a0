import json

from django.core.management.base import BaseCommand, CommandError

from cms.backup import RestoreError, content_tree, import_content


class Command(BaseCommand):
    help = "Replace all content with an archive written by export_content (run migrate first)."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="Path of the zip archive to read.")
        parser.add_argument(
            "--print-tree", action="store_true", help="Print the resulting page tree as JSON."
        )

    def handle(self, *args, archive, print_tree=False, **options):
        try:
            counts = import_content(archive)
        except (RestoreError, OSError) as error:
            raise CommandError(str(error)) from error
        if print_tree:
            self.stdout.write(json.dumps(content_tree()))
        else:
            self.stdout.write(f"Imported {sum(counts.values())} objects from {archive}.")
