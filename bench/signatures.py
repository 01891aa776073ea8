"""Bench scenario: signatures on citizen proposals, each from a distinct person, counts exact afterwards.

Called by bench/run.py (`scenario(...)` returns one row). `python -m bench.signatures prepare N` runs
in the benchmark's database and opens N proposals (kind: 500 → answer, 5,000 → consultation). The load
(`bench.load signatures`) makes each logged-in person sign the proposals one after the other, so every
signature is a new (person, proposal) pair; afterwards the rows per proposal must equal the accepted
signatures per proposal (no lost, no doubled signature, no counter row to drift).
"""

import json
import os
import sys

from bench import run_prepare

PROPOSALS = int(os.environ.get("BENCH_PROPOSALS", "200"))
# The people signing at once, each one a client, as the vote row's 50 voters (every signature is still a
# new (person, proposal) pair: each signs the proposals one after the other).
SIGNERS = int(os.environ.get("BENCH_SIGNERS", "50"))


def prepare(n: int) -> dict:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sharik.settings.base")
    django.setup()
    from datetime import timedelta

    from django.utils import timezone

    from consultations.models import Proposal, ProposalKind, ProposalThreshold
    from governance.models import Entity
    from sharik.accounts.models import User

    kind, _ = ProposalKind.objects.get_or_create(
        slug="bench-petition", defaults={"name_ar": "عريضة", "name_en": "Petition"}
    )
    for count, response in ((500, "answer"), (5000, "consultation")):
        ProposalThreshold.objects.get_or_create(kind=kind, signatures=count, defaults={"response": response})
    entity = Entity.objects.get(slug="bench")
    author = User.objects.filter(email__endswith="@bench.example").order_by("pk").first()
    now = timezone.now()
    ids = [
        Proposal.objects.create(
            kind=kind,
            entity=entity,
            author=author,
            title=f"مقترح للقياس {i}",
            body="مقترح للقياس",
            state=Proposal.State.OPEN,
            published_at=now,
            signing_ends_at=now + timedelta(days=90),
        ).pk
        for i in range(n)
    ]
    return {"proposals": ids}


def scenario(*, py: str, env: dict, cwd, base: str, sessions: list, duration: float, load, sql) -> dict:
    prepared = run_prepare("bench.signatures", str(PROPOSALS), py=py, env=env, cwd=cwd)
    result = load(
        "signatures", base=base, proposals=prepared["proposals"], sessions=sessions, duration=duration
    )
    rows = dict(
        sql(
            "SELECT proposal_id, count(*) FROM consultations_proposalsignature WHERE proposal_id = ANY(%s) "
            "GROUP BY proposal_id",
            prepared["proposals"],
        )
    )
    accepted = {int(k): v for k, v in result["accepted"].items()}
    result["exact"] = all(rows.get(pk, 0) == accepted.get(pk, 0) for pk in prepared["proposals"])
    result["signatures"] = sum(rows.values())
    return result


if __name__ == "__main__" and sys.argv[1:2] == ["prepare"]:
    print(json.dumps(prepare(int(sys.argv[2]))))
