"""`manage.py build_handbook [--bureau CODE] --out FILE [--format pdf|docx]`: the service handbook of one
bureau, or of the whole city, written to a file (the published guides only)."""

from django.core.management.base import BaseCommand, CommandError

from gongkai.organizations.models import Bureau
from gongkai.service_items.handbook import build_files, guides_for


class Command(BaseCommand):
    help = "Build the service handbook (办事一本通) of a bureau or of the whole city."

    def add_arguments(self, parser):
        parser.add_argument("--bureau", help="The bureau's code; without it, the whole city.")
        parser.add_argument("--out", required=True, help="The file to write.")
        parser.add_argument("--format", choices=["pdf", "docx"], default="pdf")

    def handle(self, *args, bureau=None, out, format, **options):
        target = None
        if bureau:
            target = Bureau.objects.filter(code=bureau).first()
            if target is None:
                raise CommandError(f"No bureau with the code {bureau!r}.")
        data = build_files(target, fmt=format)
        with open(out, "wb") as handle:
            handle.write(data)
        self.stdout.write(f"{out}: {len(guides_for(target))} guides, {len(data)} bytes")
