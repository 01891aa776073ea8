from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from analytics.services.un_survey import un_survey_import


class Command(BaseCommand):
    help = "Import the UN E-Government Survey data-centre CSV export. A bad file is refused whole."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            text = path.read_text(encoding="utf-8-sig")
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc}") from exc
        try:
            result = un_survey_import(text=text)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(f"Imported {result.imported} rows, flagged {len(result.flagged)}.")
        for line, country, year, reason in result.flagged:
            self.stdout.write(f"  line {line}: {country} {year}: {reason}")
