"""Time `compute_indices` on many entities and contributions (not part of `make test`).

    DATABASE_URL=postgres://... .venv/bin/python bench/analytics_compute.py ENTITIES CONTRIBUTIONS

Creates ENTITIES entities with a public consultation each and CONTRIBUTIONS comments spread over
them (bulk inserts), then runs the computation twice and prints the time and the query count.
"""

import os
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sharik.settings.base")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from analytics.services.indices import indices_compute  # noqa: E402
from consultations.models import Comment, Consultation  # noqa: E402
from governance.models import Entity  # noqa: E402
from sharik.accounts.models import User  # noqa: E402


def main(n_entities: int, n_comments: int) -> None:
    now = timezone.now()
    entities = Entity.objects.bulk_create(
        Entity(slug=f"bench-{i}", name=f"Bench {i}", name_ar=f"Bench {i}") for i in range(n_entities)
    )
    consultations = Consultation.objects.bulk_create(
        Consultation(entity=e, title=f"C {e.slug}", phase="conduct", opens_at=now, sector="health")
        for e in entities
    )
    author = User.objects.create(email="bench-author@example.org", display_name="Bench")
    batch = 10000
    for start in range(0, n_comments, batch):
        Comment.objects.bulk_create(
            Comment(consultation=consultations[i % len(consultations)], author=author, body="x")
            for i in range(start, min(start + batch, n_comments))
        )
    for run in (1, 2):
        began = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            snapshot = indices_compute()
        print(
            f"run {run}: {snapshot.entities} entities, {Comment.objects.count()} comments: "
            f"{time.perf_counter() - began:.2f}s, {len(queries)} queries"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]))
