from django.core.management.base import BaseCommand

from analytics.services.indices import indices_compute


class Command(BaseCommand):
    help = "Score every active entity on the EPI criteria and the ESCWA stage indicators; store today's snapshot."

    def handle(self, *args, **options):
        snapshot = indices_compute()
        self.stdout.write(
            f"Snapshot {snapshot.computed_on}: {snapshot.entities} entities, "
            f"national EPI {snapshot.national_epi:.3f}, mean score {snapshot.national_score:.2f}/{snapshot.max_points}"
        )
