from django.core.management.base import BaseCommand

from cms.backup import export_content


class Command(BaseCommand):
    help = "Write all content (pages, translations, snippets, settings, media) to a zip archive."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="Path of the zip archive to write.")

    def handle(self, *args, archive, **options):
        counts = export_content(archive)
        self.stdout.write(f"Exported {sum(counts.values())} objects to {archive}.")
