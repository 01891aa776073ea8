"""`python manage.py issue_api_key <entity-slug>`: a new entity API key, printed alone on the last line."""

from django.core.management.base import BaseCommand, CommandError

from governance.models import Entity

from ...services.archive import api_key_issue


class Command(BaseCommand):
    help = "Issue a new API key for an entity. The key is printed once, alone on the last line."

    def add_arguments(self, parser):
        parser.add_argument("entity_slug")
        parser.add_argument("--name", default="Command line", help="Which system will use the key.")

    def handle(self, *args, entity_slug: str, name: str, **options):
        entity = Entity.objects.filter(slug=entity_slug).first()
        if entity is None:
            raise CommandError(f"No entity with the slug {entity_slug!r}.")
        key, raw_key = api_key_issue(entity=entity, name=name)
        self.stderr.write(
            f"Issued key {key.prefix} for {entity.slug}; it is not stored and cannot be shown again."
        )
        self.stdout.write(raw_key)
