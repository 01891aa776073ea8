"""Generate the benchmark data set in the database named by DATABASE_URL (run by bench/run.py).

Prints one JSON line with what the load scenarios need (ids, the sessions of the voters) and the
query counts of the detail page for a small and a large consultation.
"""

import json
import os
import sys
from datetime import timedelta

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sharik.settings.base")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
django.setup()

from importlib import import_module  # noqa: E402

from django.conf import settings  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402
from tqdm import tqdm  # noqa: E402

from consultations.models import Comment, Consultation, Idea, Poll, PollOption  # noqa: E402
from governance.models import Entity  # noqa: E402
from sharik.accounts.models import User  # noqa: E402

BATCH = 2000


def _consultation(entity, title, n_comments, users, progress):
    now = timezone.now()
    consultation = Consultation.objects.create(
        entity=entity,
        title_ar=title,
        title_en=title,
        summary_ar="ملخص",
        summary_en="Summary",
        phase="conduct",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=30),
    )
    for q in range(5):
        poll = Poll.objects.create(
            consultation=consultation, question_ar=f"سؤال {q}", question_en=f"Question {q}", order=q
        )
        PollOption.objects.bulk_create(
            [PollOption(poll=poll, label_ar=f"خيار {i}", label_en=f"Option {i}", order=i) for i in range(4)]
        )
    top = int(n_comments * 0.7)
    rows = [
        Comment(consultation=consultation, author=users[i % len(users)], body=f"تعليق رقم {i} على المسودة")
        for i in range(top)
    ]
    for start in range(0, len(rows), BATCH):
        Comment.objects.bulk_create(rows[start : start + BATCH])
        progress.update(len(rows[start : start + BATCH]))
    parents = list(
        Comment.objects.filter(consultation=consultation).values_list("pk", flat=True)[: n_comments - top]
    )
    replies = [
        Comment(consultation=consultation, author=users[(i + 7) % len(users)], parent_id=pk, body=f"رد {i}")
        for i, pk in enumerate(parents)
    ]
    for start in range(0, len(replies), BATCH):
        Comment.objects.bulk_create(replies[start : start + BATCH])
        progress.update(len(replies[start : start + BATCH]))
    return consultation


def _list_consultations(entity, users, n: int = 50) -> None:
    """50 more consultations of a few comments each, so that the list page (`BENCH_ONLY=list`) shows
    full pages of cards with counts, as the peer comparison of issue 20 had (51 items)."""
    now = timezone.now()
    rows = Consultation.objects.bulk_create(
        [
            Consultation(
                entity=entity,
                title_ar=f"استشارة حول خدمات النقل رقم {i}",
                title_en=f"Consultation on transport services no. {i}",
                summary_ar="نود أن نسمع رأيكم في تحسين الخدمات قبل اعتماد السياسة الجديدة " * 3,
                summary_en="We would like to hear your views on improving the services before the new policy "
                * 3,
                phase=("conduct", "announcement", "archived")[i % 3],
                opens_at=now - timedelta(days=i + 1),
                closes_at=now + timedelta(days=30 - i),
            )
            for i in range(n)
        ]
    )
    Comment.objects.bulk_create(
        [
            Comment(consultation=c, author=users[(c.pk + j) % len(users)], body=f"تعليق {j}")
            for c in rows
            for j in range(5)
        ]
    )


def _detail_query_count(consultation, user) -> int:
    """The page's queries on a cold cache, emptied first: both pages are counted from the same state (the
    first one counted used to warm the shared caches the second then read, 26 against 25 queries)."""
    cache.clear()
    client = Client()
    client.force_login(user)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(consultation.get_absolute_url(), HTTP_HOST="127.0.0.1")
    assert response.status_code == 200, response.status_code
    return len(ctx.captured_queries)


def main() -> None:
    n_users = int(os.environ.get("BENCH_USERS", "300"))
    n_comments = int(os.environ.get("BENCH_COMMENTS", "10000"))
    settings.ALLOWED_HOSTS = ["*"]
    # Page visits are written in batches every few seconds; keep that batch out of the counted queries.
    settings.VISITS_FLUSH_SECONDS = 10**9
    cache.clear()  # the page cache and sessions of an earlier run must not answer for this database
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE UNLOGGED TABLE IF NOT EXISTS bench_probe (id bigserial PRIMARY KEY, created_at timestamptz)"
        )
    entity = Entity.objects.create(slug="bench", name_ar="جهة القياس", name_en="Bench entity")
    password = make_password("bench-password-not-used")
    with tqdm(total=n_users + n_comments + 10, desc="generating", unit="row", file=sys.stderr) as progress:
        User.objects.bulk_create(
            [
                User(email=f"voter{i}@bench.example", display_name=f"Voter {i}", password=password)
                for i in range(n_users)
            ]
        )
        progress.update(n_users)
        users = list(User.objects.filter(email__endswith="@bench.example").order_by("pk"))
        big = _consultation(entity, "استشارة كبيرة", n_comments, users, progress)
        small = _consultation(entity, "استشارة صغيرة", 10, users, progress)
    ideas = [
        Idea.objects.create(consultation=big, author=users[0], title=f"فكرة {i}", body="فكرة للقياس").pk
        for i in range(20)
    ]
    _list_consultations(entity, users)
    sessions = []
    for user in tqdm(users, desc="sessions", unit="user", file=sys.stderr):
        store = import_module(settings.SESSION_ENGINE).SessionStore()
        store["_auth_user_id"] = str(user.pk)
        store["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
        store["_auth_user_hash"] = user.get_session_auth_hash()
        store.create()
        sessions.append({"user_id": user.pk, "sessionid": store.session_key})
    polls = [
        {"id": p.pk, "options": list(p.options.values_list("pk", flat=True))}
        for p in Poll.objects.filter(consultation=big).order_by("order")
    ]
    _detail_query_count(small, users[0])  # warm-up: the first request of a process loads more
    cache.clear()
    print(
        json.dumps(
            {
                "big": big.pk,
                "small": small.pk,
                "comments_big": Comment.objects.filter(consultation=big).count(),
                "polls": polls,
                "sessions": sessions,
                "ideas": ideas,
                "queries_small": _detail_query_count(small, users[0]),
                "queries_big": _detail_query_count(big, users[0]),
            }
        )
    )


if __name__ == "__main__":
    main()
