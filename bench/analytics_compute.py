"""Time the analytics recompute (EPI, stage indicators, KPIs) on many entities and contributions.

    DATABASE_URL=postgres://... .venv/bin/python bench/analytics_compute.py [ENTITIES] [CONTRIBUTIONS]

Not part of `make test`. Creates ENTITIES entities (default 200), each with a public consultation
holding one poll, and CONTRIBUTIONS contributions (default 1,000,000) spread over them, mixed:
half comments, a fifth ballots (each with its choice), a tenth ideas and a fifth idea supports.
The data is made once per database (bulk inserts; entities named `bench-analytics-*`); a second call
reuses it. Then the computation runs twice and the second run is reported.

`scenario()` is what `bench/run.py` calls: it returns one row of the results table.
Target (issue 9): 200 entities and 1,000,000 contributions in 30 s or less, by database
aggregation, with a query count that does not grow with contributions.
"""

import os
import sys
import time

TARGET_SECONDS = 30.0
PREFIX = "bench-analytics-"


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sharik.settings.base")
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    if root not in sys.path:
        sys.path.insert(0, root)
    import django

    django.setup()


def compute() -> None:
    """The recompute being timed: what the nightly jobs run (EPI with the stage indicators, then KPIs)."""
    from analytics.services.indices import indices_compute
    from governance.services.kpis import kpi_values_compute

    indices_compute()
    kpi_values_compute()


def contributions_count() -> int:
    from consultations.models import Comment, Idea, IdeaSupport, Vote

    return sum(
        model.objects.filter(**{lookup: PREFIX}).count()
        for model, lookup in (
            (Comment, "consultation__entity__slug__startswith"),
            (Idea, "consultation__entity__slug__startswith"),
            (IdeaSupport, "idea__consultation__entity__slug__startswith"),
            (Vote, "poll__consultation__entity__slug__startswith"),
        )
    )


def make_data(n_entities: int, n_contributions: int, *, verbose: bool = True) -> None:
    """Bulk inserts; the mix keeps one ballot per person per question and one support per idea."""
    from django.utils import timezone

    from consultations.models import (
        Comment,
        Consultation,
        Idea,
        IdeaSupport,
        Poll,
        PollOption,
        Vote,
        VoteChoice,
    )
    from governance.models import Entity
    from sharik.accounts.models import User

    def say(message: str) -> None:
        if verbose:
            print(message, flush=True)

    now = timezone.now()
    batch = 5000
    entities = Entity.objects.bulk_create(
        Entity(slug=f"{PREFIX}{i}", name=f"Bench {i}", name_ar=f"Bench {i}") for i in range(n_entities)
    )
    phases = ("conduct", "analysis", "announcement")
    stages = ("participation", "collaboration")
    consultations = Consultation.objects.bulk_create(
        Consultation(
            entity=e,
            title=f"C {e.slug}",
            phase=phases[i % 3],
            escwa_stage=stages[i % 2],
            opens_at=now,
            sector="health",
        )
        for i, e in enumerate(entities)
    )
    polls = Poll.objects.bulk_create(Poll(consultation=c, question="Q") for c in consultations)
    options = PollOption.objects.bulk_create(
        PollOption(poll=p, label=label) for p in polls for label in ("yes", "no")
    )
    n_votes = n_contributions // 5
    n_ideas = n_contributions // 10
    n_supports = n_contributions // 5
    n_comments = n_contributions - n_votes - n_ideas - n_supports
    # enough people for one ballot per person per question
    n_users = max(2, -(-n_votes // len(polls)))
    users = User.objects.bulk_create(
        (User(email=f"{PREFIX}{i}@example.org", display_name=f"B{i}") for i in range(n_users)),
        batch_size=batch,
    )
    say(f"{len(entities)} entities, {n_users} people")
    for start in range(0, n_comments, batch):
        Comment.objects.bulk_create(
            Comment(consultation=consultations[i % len(consultations)], author=users[i % n_users], body="x")
            for i in range(start, min(start + batch, n_comments))
        )
    say(f"{n_comments} comments")
    for start in range(0, n_votes, batch):
        # ballot i: question i % polls, person i // polls (distinct per question)
        votes = Vote.objects.bulk_create(
            Vote(poll=polls[i % len(polls)], user=users[i // len(polls)])
            for i in range(start, min(start + batch, n_votes))
        )
        VoteChoice.objects.bulk_create(
            VoteChoice(vote=v, option=options[2 * (i % len(polls)) + (i % 3 == 0)])
            for i, v in zip(range(start, start + len(votes)), votes, strict=True)
        )
    say(f"{n_votes} ballots")
    ideas = []
    for start in range(0, n_ideas, batch):
        ideas += Idea.objects.bulk_create(
            Idea(
                consultation=consultations[i % len(consultations)],
                author=users[i % n_users],
                title="i",
                body="b",
            )
            for i in range(start, min(start + batch, n_ideas))
        )
    say(f"{n_ideas} ideas")
    per_idea = max(1, -(-n_supports // max(1, len(ideas))))
    for start in range(0, n_supports, batch):
        IdeaSupport.objects.bulk_create(
            IdeaSupport(idea=ideas[i // per_idea], user=users[i % per_idea])
            for i in range(start, min(start + batch, n_supports))
        )
    say(f"{n_supports} idea supports")


def scenario(entities: int = 200, contributions: int = 1_000_000, *, verbose: bool = False) -> dict:
    """One row for bench/run.py: seconds and queries of the second of two runs."""
    _setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from governance.models import Entity

    if not Entity.objects.filter(slug__startswith=PREFIX).exists():
        make_data(entities, contributions, verbose=verbose)
    n_entities = Entity.objects.filter(slug__startswith=PREFIX).count()
    n_contributions = contributions_count()
    began = time.perf_counter()
    compute()  # the first run creates today's snapshot; the second replaces it
    first = round(time.perf_counter() - began, 2)
    began = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        compute()
    seconds = round(time.perf_counter() - began, 2)
    return {
        "scenario": "analytics recompute (EPI, stage indicators, KPIs)",
        "seconds": seconds,
        "first_run_seconds": first,
        "queries": len(queries),
        "entities": n_entities,
        "contributions": n_contributions,
        "target": f"<= {TARGET_SECONDS:.0f} s for 200 entities and 1,000,000 contributions",
        "met": seconds <= TARGET_SECONDS and n_entities >= 200 and n_contributions >= 1_000_000,
    }


if __name__ == "__main__":
    import json

    args = [int(a) for a in sys.argv[1:3]]
    print(json.dumps(scenario(*args, verbose=True), indent=2))
