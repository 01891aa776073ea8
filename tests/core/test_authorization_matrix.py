"""Authorisation matrix: every URL pattern of the project, as an anonymous visitor, a citizen and a
coordinator of ANOTHER entity, with GET and POST (and PUT/DELETE on the API); and, for every write,
proof that the write works for the person allowed to make it.

The data is the demo data set, seeded once for the module (an outer transaction, rolled back at the
end); the target entity is the one that runs the demo's open consultation, and the walking coordinator
is given a fresh entity of their own. Every URL parameter names a real object (PARAMETERS,
ROUTE_PARAMETERS): a new route with an id parameter needs one line there, and a parameter the matrix
does not know fails with the route's name.

A cell is (role, route, method):
- allowed GET: the page answers (200, or a redirect that is not to a login page);
- allowed POST (a write): the body is read from the form the allowed person is shown (the route's own
  page, or the page that holds the form posting to it; admin add forms are the change form of a real
  object re-posted to /add/ after that object is deleted, so unique fields stay valid), posted by that
  person inside a savepoint that is rolled back, and must change the database (a row count, highest
  key or change time of some table; the admin's log entry) or do what SUCCESS_WITHOUT_WRITE says;
  writes of staff are proven by the target entity's own coordinator ("owner") or, for models no entity
  owns, the federal team ("federal");
- denied POST: the same body, from each role that may not write, changes no table (checked after
  every POST, and every row of every table compared at the end of each group). A coordinator may add
  to their own entity through the admin: there only the target entity's rows must stay unchanged;
- denied GET: 302 to a login page, the admin's refusal (back to its index), 401/403/405, or 404 where
  the object is meant to be invisible to that person (INVISIBLE).
Cells that cannot be proven are listed in UNPROVEN with the reason; any other unproven cell fails.
A summary per role is printed at the end of the run.

The routes are parametrised by group (an admin model, or the first segment of a site path), so
`-k "admin and consultations and poll"` or `-k site-opendata` runs a part; MATRIX_ROUTES=<regex>
(matched against the path pattern and the route's name) restricts the routes inside each group.
"""

import hashlib
import json
import os
import re
from collections import deque
from contextlib import contextmanager, nullcontext
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.db import IntegrityError, connection, models, transaction
from django.db.models import Count, Max, ProtectedError, RestrictedError
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver

from governance.models import Entity
from tests.factories import PASSWORD, EntityFactory, UserFactory
from tests.forms import admin_form_body, form_filled, page_forms

pytestmark = pytest.mark.django_db

# Pages anyone may read (URL names as "namespace:name"; the admin login page too).
PUBLIC_PAGES = {
    "healthz",
    "governance:certificate-verify-form",  # anyone may check a coordinator's certificate
    "governance:certificate-verify",
    "readiness",
    "liveness",
    "metrics",  # the monitoring network only (the test client is 127.0.0.1); tests/core/test_observability.py
    "set_language",
    "ckan-action",
    "ckan-action-unversioned",  # the same CKAN Action API at /api/action/ (writes need an entity key)
    "opendata-api:dataset-list",
    "opendata-api:dataset-detail",
    "api:consultation-list",
    "api:consultation-detail",  # the archive API's public record
    "api:archive-summary",
    "api-schema",
    "api-docs",
    "home",
    "consultations:list",
    "consultations:detail",
    "consultations:comments",
    "consultations:document",  # a published consultation's documents (a draft's: its staff only, 404)
    "opendata:catalogue",
    "opendata:catalog-jsonld",
    "opendata:catalog-ttl",
    "opendata:export-csv",
    "opendata:export-json",
    "opendata:organisations",
    "opendata:organisation",
    "opendata:licence",
    "opendata:requests",
    "opendata:request",
    "opendata:dataset",
    "opendata:dataset-jsonld",
    "opendata:dataset-ttl",
    "opendata:download",
    "opendata:preview",
    "archive:index",
    "archive:export",
    "archive:entity",
    "accounts:register",
    "accounts:login",
    "accounts:password-reset",
    "accounts:password-reset-done",
    "accounts:password-reset-complete",
    "governance:home",
    "governance:toolkit",
    "governance:engagements",
    "governance:report",
    "governance:report-pdf",
    "governance:kpis",
    "governance:legal",
    "governance:blog",
    "governance:blog-rss",
    "governance:blog-atom",
    "governance:blog-detail",
    "governance:newsletter",
    "governance:stories",  # published success stories (in review or returned: 404)
    "governance:story",
    "admin:login",
    # Links from e-mails: a wrong token shows an "invalid link" page (200 or 400), nothing else.
    "accounts:activate",
    "accounts:password-reset-confirm",
    "governance:newsletter-confirm",
    "governance:newsletter-unsubscribe",
    "favicon",
    # Collaboration and engagement instruments: public reading of drafts, maps and follow-ups.
    "consultations:draft",
    "consultations:draft-diff",
    "consultations:follow-ups",
    "consultations:opinions",
    "consultations:survey",
    "consultations:budget",
    # Transparency: the national dashboard, the index and the UN survey comparison are public.
    "analytics:dashboard",
    "analytics:dashboard-csv",
    "analytics:epi",
    "analytics:epi-entity",
    "analytics:un-survey",
    "analytics:insight",
    # Citizen proposals (issue 14): the list and a published proposal's page (drafts: author only, 404).
    "consultations:proposals",
    "consultations:proposal",
    # Reach (issue 15): goal pages, feeds, the participation corner, share cards, the unsubscribe page.
    "consultations:goals",
    "consultations:goal",
    "consultations:feed-rss",
    "consultations:feed-atom",
    "consultations:feed-ics",
    "consultations:corner",
    "consultations:share-image",
    "consultations:follow-unsubscribe",  # the signed token is the credential (a forged one: 400)
    # Debates (issue 14): the public list and a published debate's page (held or hidden: author only, 404).
    "consultations:debates",
    "consultations:debate",
}

# Forms a visitor reads before acting: shown to anyone, the write itself is checked on POST.
PUBLIC_FORMS = {
    # Sign in with UAE PASS (404 while it is not configured; the callback refuses an unknown state).
    "accounts:uaepass-start",
    "accounts:uaepass-callback",
}

# Pages about the signed-in person themself (their own data, never another's).
SELF_PAGES = {
    "accounts:profile",
    "accounts:my-data",
    "accounts:notifications",
    "accounts:data-export-download",  # a one-time link: refused (403/404/410) unless it is the person's own
    "accounts:otp-setup",  # a staff member's own authenticator (403 for others)
    "accounts:otp-verify",
    "consultations:follows",  # what the person follows and how they are told
    "accounts:uaepass-link",  # link UAE PASS to one's own account (after the password)
    "consultations:cases",  # the person's own suggestions and complaints (a case itself: its author only, 404)
    "consultations:case-create",  # file a suggestion or a complaint (signed in)
    # Forms for the signed-in (an anonymous visitor is sent to sign in).
    "opendata:request-create",
    "consultations:proposal-create",
    "consultations:debate-create",
}

# Writes to one's own account (POST only).
SELF_WRITES = {
    "accounts:data-export",  # ask for one's data
    "accounts:delete",  # delete one's account
    "accounts:uaepass-unlink",
    "accounts:logout",
}

# Pages one walking person alone may read (a link made for them).
READERS = {
    "private-file": {"citizen"},  # a signed link made for the citizen: refused (403/404/410) to anyone else
    "governance:advisory": {"coordinator"},  # a coordinator's own entity's requests, never another's
    "governance:support-rating": {"coordinator"},  # a coordinator rates the support for their own entities
    "governance:agreements": {"coordinator"},  # a coordinator's own entity's agreements, never another's
}

# Writes the public may make to another entity's data: taking part is the point of the portal.
PUBLIC_WRITES = {
    "consultations:comment-create",  # comment on an open consultation
    "consultations:comment-flag",  # flag a comment for moderation
    "consultations:vote",
    "consultations:vote-anonymous",
    "consultations:idea-create",
    "consultations:idea-support",
    "consultations:follow",
    "opendata:request-create",  # ask for a data set
    "opendata:request-support",
    "opendata:request-comment",
    "opendata:reuse-submit",  # report a re-use (reviewed before publication)
    "governance:newsletter",  # subscribe
    "accounts:register",
    "accounts:login",
    "accounts:password-reset",
    "accounts:logout",  # sign out (signed-in people only: WRITERS)
    "ckan-action",  # CKAN API: reads are public; its writes need an entity key (tests/opendata/test_ckan_client.py)
    "ckan-action-unversioned",
    # Collaboration and engagement instruments, under the same open-consultation rules.
    "consultations:paragraph-comment",
    "consultations:paragraph-comment-support",
    "consultations:paragraph-comment-flag",  # flag a paragraph comment for moderation
    "consultations:amendment-propose",  # invited stakeholders only (checked by the service)
    "consultations:amendment-react",
    "consultations:survey",  # answer a survey
    "consultations:budget",  # allocate a participatory budget
    "consultations:opinion-create",
    "consultations:opinion-vote",
    "consultations:proposal-create",  # draft a citizen proposal to an entity (private until published)
    "consultations:proposal-sign",  # sign (or withdraw a signature from) a published proposal
    "consultations:follow-target",  # follow an entity, sector, goal, consultation or proposal (issue 15)
    "consultations:follows",  # the person's own preferences
    "consultations:follow-unsubscribe",  # one-click unsubscribe with a signed token (RFC 8058)
    "consultations:comment-react",  # agree/disagree with a comment (one mark per person)
    "consultations:debate-create",  # start a debate (not owned by an entity; may be held for review)
    "consultations:debate-comment",  # comment on a debate (a debate taken up belongs to the entity's consultation)
    "consultations:case-create",  # file a suggestion or a complaint to an entity (private to the person)
    "governance:blog-comment-create",  # comment on a published blog post
    "governance:blog-comment-flag",  # flag a blog comment for moderation
}

# The public's writes that need no account: an anonymous visitor's POST succeeds too. Every other entry
# of PUBLIC_WRITES needs sign-in, and an anonymous POST to it is refused and writes nothing.
ANONYMOUS_WRITES = {
    "consultations:vote-anonymous",
    "governance:newsletter",
    "accounts:register",
    "accounts:login",
    "accounts:password-reset",
    "ckan-action",
    "ckan-action-unversioned",
    # RFC 8058 one-click unsubscribe: mail clients POST without a session; the signed token is the
    # credential (a forged one: 400, nothing changed).
    "consultations:follow-unsubscribe",
    # A survey of a consultation whose plan admits anyone (the demo's open survey is on such a one).
    "consultations:survey",
}

# Admin pages a coordinator of any entity may open (their own lists and forms, scoped to their entity).
ADMIN_STAFF_PAGES = re.compile(
    r"^admin:(index|app_list|jsi18n|autocomplete|password_change|password_change_done"
    r"|\w+_changelist|\w+_add|consultations_consultation_moderation"
    r"|consultations_case_dashboard"  # the case dashboard shows only the person's own entities
    r"|view_on_site)$"  # a redirect to the object's public page (a public consultation here)  # the case dashboard shows only the person's own entities
)

# Models not owned by an entity that coordinators may read in the admin (shared reference data).
SHARED_MODELS = {
    "opendata.licence",
    "governance.tag",
    "governance.toolkititem",
    "governance.kpi",
    "analytics.criterion",  # the EPI criteria catalogue: the same for every entity
}

# Usage counters that public reads (data set views and downloads) increment in place.
COUNTERS = {"opendata.datasetusageday"}


DENIED = {401, 403, 404, 405}
API_PREFIX = "api/"

# Objects a role may not see at all answer 404 rather than 403: nobody learns they exist. Every read
# refused with 404 is listed in the summary with the reason given here.
INVISIBLE = {
    "analytics:entity-dashboard": "an entity's own dashboard: its staff and the federal team only",
    "consultations:survey-export": "a survey's answers: its entity's staff only",
    "consultations:case": "a case is private to its author (and the target entity's staff)",
    "consultations:case-attachment": "a case is private to its author",
    "consultations:case-close": "a case is private to its author",
    "consultations:case-reopen": "a case is private to its author",
    "governance:advisory-detail": "an advisory request is its entity's and the federal team's",
}

# The body posted where no form is shown to anyone walked (the denied roles' POST to a page that is
# not a write), and the literal values of URL parameters that name no object.
POST_DATA = {"body": "A matrix body.", "title": "Matrix", "post": "yes"}
LITERALS = {
    "action": "package_list",
    "fmt": "csv",
    "year": "2026",
    "kind": "privacy",
    "language": "ar",
    "app_label": "consultations",
    "uidb64": "MQ",  # e-mail links: an invalid link shows the "invalid link" page (proven in tests/accounts)
    "token": "invalid-token",
    "path": "consultations/documents/nothing.pdf",
    "url": "nothing-here/",
}

# What each URL parameter names: the key of a world object, or a dotted path from one ("draft.consultation")
# (its pk; its slug, name, code, external_id or position for parameters of that name). ROUTE_PARAMETERS (route name, or a prefix ending in "*")
# comes first, then PARAMETERS, then LITERALS.
PARAMETERS = {
    "pk": "consultation",
    "comment_pk": "comment",
    "poll_pk": "poll",
    "idea_pk": "idea",
    "entity_slug": "target",
    "external_id": "consultation",
    "slug": "target",
    "name": "dataset",
    "survey_pk": "survey",
    "budget_pk": "budget",
    "statement_pk": "statement",
    "draft_pk": "draft",
    "document_pk": "document",
    "paragraph_pk": "paragraph",
    "amendment_pk": "amendment",
    "code": "certificate",
    "position": "module",
    "content_type_id": "consultation_type",
    "object_id": "consultation",
}
ROUTE_PARAMETERS = {
    "consultations:case*": {"pk": "case"},
    "opendata:request*": {"pk": "request"},
    "opendata:download": {"pk": "resource"},
    "opendata:preview": {"pk": "resource"},
    "opendata:licence": {"slug": "licence"},
    "consultations:debate*": {"pk": "debate"},
    "governance:blog-*": {"slug": "blog", "comment_pk": "blog_comment"},
    "admin:governance_newsletterissue_preview": {"pk": "issue"},
    "admin:consultations_survey_offline": {"pk": "survey"},
    "consultations:proposal*": {"pk": "proposal"},
    "governance:advisory-*": {"pk": "advisory"},
    "governance:course-*": {"slug": "course"},
    "consultations:goal": {"code": "goal"},
    "consultations:paragraph-comment-*": {"pk": "draft.consultation", "comment_pk": "paragraph_comment"},
    "consultations:draft*": {"pk": "draft.consultation"},
    "consultations:amendment-*": {"pk": "draft.consultation"},
    "consultations:paragraph-comment": {"pk": "draft.consultation"},
    "consultations:survey*": {"pk": "survey.consultation"},
    "consultations:budget": {"pk": "budget.consultation"},
    "consultations:opinion*": {"pk": "statement.consultation"},
    "consultations:document": {"pk": "document.consultation"},
    "consultations:vote-anonymous": {"pk": "anonymous_poll.consultation", "poll_pk": "anonymous_poll"},
    "consultations:follow-target": {"kind": "'entity", "key": "target_slug"},
    "consultations:feed-*": {"kind": "'entity", "key": "target_slug"},
    "consultations:share-image": {"kind": "'consultation", "key": "consultation"},
    "analytics:insight": {"pk": "closed_consultation"},  # an open one's: its entity's staff only
    "private-file": {"token": "private_token"},
    "governance:workshop-*": {"pk": "workshop"},
    "governance:exchange-edit": {"pk": "expertise_post"},
    "governance:story": {"pk": "story"},
    "governance:meeting": {"pk": "meeting"},
    "governance:agreement-document": {"pk": "agreement"},
    "governance:thread": {"pk": "thread"},
    "governance:thread-reply-*": {"pk": "thread_reply"},
}
ATTRIBUTES = {
    "slug": "slug",
    "entity_slug": "slug",
    "name": "name",
    "code": "code",
    "external_id": "external_id",
    "position": "position",
}

# Writes whose success is not a row: what the allowed person's POST must do instead.
SUCCESS_WITHOUT_WRITE = {
    "ckan-action": "a read by POST (CKAN clients POST): 200 with success true",
    "ckan-action-unversioned": "a read by POST: 200 with success true",
    "accounts:password-reset": "the reset e-mail is sent",
    "accounts:logout": "the session ends (back to the page, signed out)",
    "admin:logout": "the session ends",
    "set_language": "the language cookie is set",
    "accounts:login": "signs in: a new session (sessions are not data)",
}

# Cells not proven, and why (route name → reason). Keep this short: every entry is a gap.
UNPROVEN = {
    "api:consultation-push": "an entity system's write with its API key: tests/consultations/test_api_push.py",
    "api:consultation-push-bulk": "an entity system's write with its API key: tests/consultations/test_api_push.py",
    "dataset-push": "an entity system's write with its API key: tests/opendata/test_dataset_push.py",
    "api:entity-feeds": "an entity system's write with its API key: tests/consultations/test_harvest.py",
    "accounts:activate": "a one-time link for one person: tests/accounts/test_activation.py",
    "accounts:password-reset-confirm": "a one-time link for one person: tests/accounts/test_accounts.py",
    "governance:newsletter-confirm": "a signed link for one subscriber: tests/governance/test_newsletter.py",
    "governance:newsletter-unsubscribe": "a signed link for one subscriber: tests/governance/test_newsletter.py",
    "consultations:follow-unsubscribe": "a signed link for one follower: tests/consultations/test_reach.py",
    "accounts:uaepass-start": "needs the UAE PASS provider: tests/accounts/test_uaepass.py",
    "accounts:uaepass-callback": "needs the UAE PASS provider: tests/accounts/test_uaepass.py",
    "accounts:uaepass-link": "needs the UAE PASS provider: tests/accounts/test_uaepass.py",
    "accounts:otp-setup": "a staff member's authenticator: tests/accounts/test_second_factor.py",
    "accounts:otp-verify": "a code from the authenticator: tests/accounts/test_second_factor.py",
    "accounts:data-export-download": "a one-time link: tests/accounts/test_data_export_links.py",
    "admin:autocomplete": "no admin declares autocomplete fields: Django answers 403 to everyone",
    "accounts:uaepass-unlink": "only an account linked to UAE PASS has the form: tests/accounts/test_uaepass.py",
    # Admin forms the matrix cannot fill from a page.
    "consultations:budget": "the demo's open budget admits verified residents only: tests/consultations/test_budgeting.py",
    "admin:analytics_surveyrow_import": "an upload of a survey results file (the matrix posts no files)",
    "admin:governance_workshop_changelist": "by design a workshop is kept with its registrations and answers (no delete: 403 to everyone)",
    "admin:governance_agreement_add": "an upload of the agreement's document (the matrix posts no files): tests/governance/test_agreements.py",
    "admin:consultations_entityapikey_add": "a key is issued by a service (the raw key shown once): tests/consultations/test_api_push.py",
    "admin:consultations_offlinecontribution_add": "the poll option depends on the poll chosen (the page's script lists it)",
    "admin:consultations_writingblock_add": "the person is chosen among those the list offers, not the change page's",
    "admin:governance_coordinatornomination_add": "the person is chosen among those the list offers, not the change page's",
    "admin:consultations_readiness_add": "one readiness per consultation, and the demo's cannot be deleted first",
    "admin:consultations_followup_add": "a follow-up needs the consultation's decision first (refused by design)",
    "admin:consultations_consultation_changelist": "by design a consultation is archived, never deleted (403 to everyone)",
    "admin:consultations_draft_changelist": "by design a draft is kept with its versions (403 to everyone)",
    "admin:accounts_notification_add": "by design the services write notifications; no one adds one by hand (403 to everyone)",
}


def walk_patterns(resolver, prefix="", namespace=""):
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            ns = namespace
            if p.namespace:
                ns = f"{namespace}{p.namespace}:"
            yield from walk_patterns(p, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), (f"{namespace}{p.name}" if p.name else f"{namespace}None")


def entity_lookup_for(model, depth=3):
    """The ORM path from `model` to governance.Entity (breadth first over foreign keys), or None."""
    if model is Entity:
        return "pk"
    queue = deque([(model, "")])
    seen = {model}
    while queue:
        current, path = queue.popleft()
        if path.count("__") >= depth:
            continue
        for field in current._meta.get_fields():
            if not isinstance(field, models.ForeignKey | models.OneToOneField) or not field.concrete:
                continue
            related = field.related_model
            lookup = f"{path}__{field.name}" if path else field.name
            if related is Entity:
                return lookup
            if related not in seen and related._meta.app_label in {"consultations", "opendata", "governance"}:
                seen.add(related)
                queue.append((related, lookup))
    return None


# ---------------------------------------------------------------------------------------------------
# Fingerprints: one query for every table (row count, highest key, latest change time), and every row
# of chosen tables. Sessions change with every sign-in and are not data.
VOLATILE = {"sessions.session", "axes.accesslog", "axes.accessattempt", "axes.accessfailurelog"}


def _tables():
    seen, tables = set(), []
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if not meta.managed or meta.proxy or meta.db_table in seen or meta.label_lower in VOLATILE:
            continue
        seen.add(meta.db_table)
        stamp = next(
            (f.column for f in meta.concrete_fields if f.name in ("updated_at", "modified_at")), None
        )
        tables.append((meta.label_lower, meta.db_table, meta.pk.column, stamp))
    return tables


_FINGERPRINT_SQL = None


def fingerprint():
    global _FINGERPRINT_SQL
    q = connection.ops.quote_name
    if _FINGERPRINT_SQL is None:
        _FINGERPRINT_SQL = " UNION ALL ".join(
            f"SELECT '{label}', COUNT(*), CAST(MAX({q(pk)}) AS TEXT), "
            + (f"CAST(MAX({q(stamp)}) AS TEXT)" if stamp else "NULL")
            + f" FROM {q(table)}"
            for label, table, pk, stamp in _tables()
        )
    with connection.cursor() as cursor:
        cursor.execute(_FINGERPRINT_SQL)
        return {row[0]: row[1:] for row in cursor.fetchall()}


# Columns that signing in changes (the walk signs its people in again after a sign-out).
IGNORED_COLUMNS = {"last_login"}


def rows_digest(labels=None):
    """Every column of every row of the given models' tables (all tables when None)."""
    q = connection.ops.quote_name
    digest = {}
    columns = {
        m._meta.db_table: [f.column for f in m._meta.concrete_fields if f.column not in IGNORED_COLUMNS]
        for m in apps.get_models(include_auto_created=True)
    }
    with connection.cursor() as cursor:
        for label, table, pk, _stamp in _tables():
            if labels is not None and label not in labels:
                continue
            select = ", ".join(q(c) for c in columns[table])
            cursor.execute(f"SELECT {select} FROM {q(table)} ORDER BY {q(pk)}")
            digest[label] = hashlib.sha256(repr(cursor.fetchall()).encode()).hexdigest()
    return digest


def owned_models():
    for model in apps.get_models():
        if model._meta.app_label in {"consultations", "opendata", "governance"}:
            lookup = entity_lookup_for(model)
            if lookup is not None:
                yield model, lookup


def target_rows(target):
    """Row count, highest key and latest change of every model's rows that belong to the target entity."""
    digest = {}
    for model, lookup in owned_models():
        stamps = [f.name for f in model._meta.concrete_fields if f.name in ("updated_at", "modified_at")]
        aggregates = {"n": Count("pk"), "top": Max("pk")} | {s: Max(s) for s in stamps}
        digest[model._meta.label_lower] = model.objects.filter(**{lookup: target.pk}).aggregate(**aggregates)
    return digest


def changed(before, after):
    return sorted(label for label in after if after[label] != before.get(label))


@contextmanager
def rolled_back():
    """Run a request whose writes must not stay (an allowed write, proven, then undone)."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


# ---------------------------------------------------------------------------------------------------
# The world: the demo data, seeded once for the module inside a transaction rolled back at the end.
def media_settings(root):
    """The module's own media folders (the demo's files live there for every group of the walk)."""
    return {
        "MEDIA_ROOT": root / "media",
        "PRIVATE_MEDIA_ROOT": root / "private",
        "STORAGES": {
            **settings.STORAGES,
            "private": {
                **settings.STORAGES["private"],
                "OPTIONS": {"location": root / "private", "base_url": None},
            },
        },
    }


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    media = media_settings(tmp_path_factory.mktemp("matrix"))
    with django_db_blocker.unblock(), override_settings(**media):
        outer = transaction.atomic()
        outer._from_testcase = True  # services' durable blocks nest in it as in a TestCase
        outer.__enter__()
        try:
            yield _world_build() | {"media": media}
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def _first(model_label, **filters):
    model = apps.get_model(model_label)
    return model._default_manager.filter(**filters).order_by("pk").first()


def _world_build():
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    from django.contrib.contenttypes.models import ContentType

    from consultations.models import Comment, Consultation, Idea, Poll
    from consultations.services.archive import api_key_issue
    from governance.services import entity_coordinator_assign

    consultation = (
        Consultation.objects.filter(phase="conduct", polls__isnull=False).order_by("pk").distinct().first()
    )
    target = consultation.entity
    comment = Comment.objects.filter(consultation=consultation, is_hidden=False).order_by("pk").first()
    comment = comment or Comment.objects.create(
        consultation=consultation, author=UserFactory(), body="A comment of the target"
    )
    idea = Idea.objects.filter(consultation=consultation).order_by("pk").first() or Idea.objects.create(
        consultation=consultation, author=UserFactory(), title="Idea", body="An idea of the target"
    )
    key, _raw = api_key_issue(entity=target, name="Matrix key")
    if not consultation.external_id:
        Consultation.objects.filter(pk=consultation.pk).update(external_id="matrix-1")
        consultation.refresh_from_db()

    from opendata.models import Dataset

    dataset = Dataset.objects.filter(entity=target).order_by("pk").first() or Dataset.objects.first()
    blog = _first("governance.blogpost", status="published") or _first("governance.blogpost")
    blog_comment = Comment.objects.filter(blog_post=blog, is_hidden=False).first() or Comment.objects.create(
        blog_post=blog, author=UserFactory(), body="A comment on the blog post"
    )

    def of_target(model_label, lookup="consultation__entity"):
        """A row of an open consultation of the target entity if the demo has one, else of any open
        consultation, else any row."""
        phase = lookup.replace("entity", "phase")
        return (
            _first(model_label, **{lookup: target, phase: "conduct"})
            or _first(model_label, **{phase: "conduct"})
            or _first(model_label)
        )

    owner = UserFactory(display_name="Target coordinator")
    entity_coordinator_assign(entity=target, user=owner)
    other = EntityFactory()
    coordinator = UserFactory(display_name="Other coordinator")
    entity_coordinator_assign(entity=other, user=coordinator)
    course = _first("governance.course")
    draft = (
        _first(
            "consultations.draft",
            consultation__entity=target,
            consultation__phase="conduct",
            co_drafting=True,
        )
        or _first("consultations.draft", consultation__phase="conduct", co_drafting=True)
        or of_target("consultations.draft")
    )
    citizen = UserFactory(display_name="Walking citizen")
    apps.get_model("consultations", "draftinvitation").objects.create(
        draft=draft, user=citizen, group="expert"
    )
    from django.contrib.auth.models import AnonymousUser
    from django.core.files.base import ContentFile

    from analytics import selectors as analytics_selectors
    from sharik.core.private_files import private_storage

    closed = next(
        c
        for c in Consultation.objects.order_by("pk")
        if analytics_selectors.insight_visible(AnonymousUser(), c)
    )
    private_storage().save("matrix/for-the-citizen.txt", ContentFile(b"a private file"))
    return {
        "target": target,
        "target_slug": target.slug,
        "other": other,
        "consultation": consultation,
        "consultation_type": ContentType.objects.get_for_model(Consultation),
        "closed_consultation": closed,
        "private_token": private_token(citizen),
        "poll": Poll.objects.filter(consultation=consultation).order_by("pk").first(),
        "comment": comment,
        "idea": idea,
        "key": key,
        "dataset": dataset,
        "resource": _first("opendata.resource", dataset=dataset),
        "request": _first("opendata.datasetrequest"),
        "licence": _first("opendata.licence"),
        "blog": blog,
        "blog_comment": blog_comment,
        "debate": of_target("consultations.debate") or _first("consultations.debate"),
        "issue": _first("governance.newsletterissue"),
        "case": _target_case(target),
        "proposal": _first("consultations.proposal", entity=target, state="open")
        or _first("consultations.proposal", state="open")
        or _first("consultations.proposal"),
        "advisory": _first("governance.advisoryrequest", entity=target)
        or _first("governance.advisoryrequest"),
        "course": course,
        "module": _first("governance.coursemodule", course=course),
        "certificate": _first("governance.certificate"),
        # The programme office (issue 17): the target entity's row where the demo has one.
        "workshop": _first("governance.workshop"),
        "expertise_post": _first("governance.expertisepost", entity=target)
        or _first("governance.expertisepost"),
        "story": _first("governance.successstory", status="published") or _first("governance.successstory"),
        "meeting": _first("governance.meeting"),
        "agreement": _first("governance.agreement", entity=target) or _first("governance.agreement"),
        "thread": _first("governance.thread"),
        "thread_reply": _first("governance.threadreply", is_hidden=False) or _first("governance.threadreply"),
        "goal": _first("consultations.sdgtag"),
        "survey": of_target("consultations.survey"),
        "budget": of_target("consultations.participatorybudget"),
        "statement": of_target("consultations.opinionstatement"),
        "draft": draft,
        "document": of_target("consultations.consultationdocument"),
        "paragraph": _first("consultations.draftparagraph", version=draft.current_version),
        "amendment": _pending_amendment(draft),
        "paragraph_comment": _first(
            "consultations.paragraphcomment", paragraph__version=draft.current_version, is_hidden=False
        )
        or _first("consultations.paragraphcomment", paragraph__version__draft=draft),
        "anonymous_poll": Poll.objects.filter(
            consultation__plan__participation="anyone", consultation__phase="conduct"
        )
        .order_by("pk")
        .first(),
        "subject": UserFactory(display_name="Subject of the admin"),
        "people": {
            "anonymous": None,
            "citizen": citizen,
            "coordinator": coordinator,
            "owner": owner,
            "federal": UserFactory(is_staff=True, is_superuser=True, display_name="Federal team"),
        },
    }


def private_token(user):
    """A signed link to the world's private file, made for `user` (links expire within minutes)."""
    from sharik.core.private_files import private_file_link

    return private_file_link(name="matrix/for-the-citizen.txt", user=user).rstrip("/").rsplit("/", 1)[1]


def _pending_amendment(draft):
    """An amendment awaiting decision on the draft's current text (people react to those only)."""
    Amendment = apps.get_model("consultations", "amendment")
    version = draft.current_version
    found = Amendment.objects.filter(paragraph__version=version, status="pending", is_hidden=False).first()
    return found or Amendment.objects.create(
        paragraph=version.paragraphs.order_by("pk").first(),
        author=UserFactory(),
        proposed_text="An amendment for the matrix to react to.",
    )


def _target_case(target):
    """A suggestion or complaint filed to the target entity (by a demo citizen, so nobody walking owns it)."""
    from consultations.models import Case
    from consultations.services.cases import case_file

    return Case.objects.filter(entity=target).order_by("pk").first() or case_file(
        author=UserFactory(),
        entity=target,
        kind="complaint",
        subject="A complaint of the matrix",
        body="A complaint long enough to be filed, for the authorisation matrix.",
    )


# ---------------------------------------------------------------------------------------------------
# Routes, their groups and their concrete paths.
def _admin_model(route):
    match = re.match(r"admin/(\w+)/(\w+)/", route)
    if not match:
        return None
    try:
        return apps.get_model(match.group(1), match.group(2))
    except LookupError:
        return None


def _group_of(route):
    model = _admin_model(route)
    if model is not None:
        return f"admin-{model._meta.app_label}-{model._meta.model_name}"
    if route.startswith("admin/"):
        return "admin-site"
    head = re.sub(r"\W+", "-", route.split("/")[0].split(".")[0]) or "home"
    return f"site-{head}"


def route_groups():
    groups = {}
    for route, name in sorted(set(walk_patterns(get_resolver()))):
        groups.setdefault(_group_of(route), []).append((route, name))
    return groups


def _route_key(name, param):
    for pattern, mapping in ROUTE_PARAMETERS.items():
        if param in mapping and (
            pattern == name or (pattern.endswith("*") and name.startswith(pattern[:-1]))
        ):
            return mapping[param]
    if param in PARAMETERS:
        return PARAMETERS[param]
    if param in LITERALS:
        return "'" + LITERALS[param]
    raise AssertionError(
        f"the matrix does not know what <{param}> of {name} names: add it to ROUTE_PARAMETERS or PARAMETERS"
    )


# Admin objects chosen by hand: a user nobody walks as, an amendment still open to decision.
ADMIN_OBJECTS = {"accounts.user": "subject", "consultations.amendment": "amendment"}


def admin_object(model, world):
    """The object an admin URL is about: the target entity's own row when the model belongs to an entity
    (else any row, proven by the federal team), the admin's subject user for accounts.user, else any row."""
    if model._meta.label_lower in ADMIN_OBJECTS:
        return world[ADMIN_OBJECTS[model._meta.label_lower]]
    lookup = entity_lookup_for(model)
    qs = model._default_manager.order_by("pk")
    if lookup:
        return qs.filter(**{lookup: world["target"].pk}).first() or qs.first()
    if model is Entity:
        return world["target"]
    return qs.first()


class Route:
    """One URL pattern made concrete: its path, and for the admin the model and the object it is about."""

    def __init__(self, route, name, world):
        self.route, self.name = route, name
        self.model = _admin_model(route)
        self.obj = None
        if route.startswith("admin/") and ("lifecycle" in route or "analysis" in route):
            self.model = apps.get_model("consultations", "consultation")
        self.owned = bool(self.model and entity_lookup_for(self.model))
        if self.model is not None:
            self.obj = admin_object(self.model, world)
        self.owned_by_target = self.owned and self.obj is not None and _belongs(self.obj, world["target"])

        def value(m):
            param = m.group("n") or m.group("r")
            if (
                param in ("object_id", "id")
                and self.model is not None
                and f"<{param}>" in route.replace("path:", "")
            ):
                return str(self.obj.pk) if self.obj is not None else "999999"
            key = _route_key(name, param)
            if key.startswith("'"):
                return key[1:]
            head, *attributes = key.split(".")
            obj = world[head]
            for attribute in attributes:
                obj = getattr(obj, attribute)
            assert obj is not None, f"{name}: the demo data has no {key} for <{param}>"
            if isinstance(obj, str):
                return obj
            return str(getattr(obj, ATTRIBUTES[param]) if param in ATTRIBUTES else obj.pk)

        path = re.sub(r"\(\?P<(?P<r>\w+)>[^)]*\)|<(?:\w+:)?(?P<n>\w+)>", value, route)
        self.path = "/" + path.replace("^", "").replace("$", "")
        self.is_api = route.startswith(API_PREFIX)
        self.is_admin = route.startswith("admin/")

    @property
    def kind(self):
        """For the admin's standard views: changelist, add, change, delete, history."""
        if not self.is_admin or self.model is None:
            return None
        tail = re.sub(r"^admin/\w+/\w+/", "", self.route)
        return {
            "": "changelist",
            "add/": "add",
            "<path:object_id>/change/": "change",
            "<path:object_id>/delete/": "delete",
            "<path:object_id>/history/": "history",
        }.get(tail)


def _belongs(obj, entity):
    lookup = entity_lookup_for(type(obj))
    if lookup == "pk":
        return obj.pk == entity.pk
    return type(obj)._default_manager.filter(pk=obj.pk, **{lookup: entity.pk}).exists()


# ---------------------------------------------------------------------------------------------------
# Who may do what.
def is_login_redirect(response):
    location = response.get("Location", "")
    return response.status_code == 302 and ("/accounts/login/" in location or "/admin/login/" in location)


def is_admin_refusal(response, path):
    """The admin answers an object it does not show (missing or out of scope) by going to its index."""
    location = response.get("Location", "")
    if not (path.startswith("/admin/") and response.status_code == 302):
        return False
    # Django's old object address /admin/app/model/<id>/ only redirects to <id>/change/ (checked too)
    return location.rstrip("/").endswith("/admin") or location == path + "change/"


def expected_denied(response, path):
    return response.status_code in DENIED or is_login_redirect(response) or is_admin_refusal(response, path)


def may_read(role, r):
    name = r.name
    if name in READERS:
        return role in READERS[name]
    if name in PUBLIC_PAGES or name in PUBLIC_FORMS:
        return True
    if role != "anonymous" and name in SELF_PAGES:
        return True
    if role == "coordinator" and name.startswith("admin:"):
        if r.model is None:
            return bool(ADMIN_STAFF_PAGES.match(name))
        # The admin's lists and add forms of the models the coordinator's role grants (scoped to their
        # entity), and the shared reference data no entity owns.
        if r.kind is None and "<path:object_id>" not in r.route:
            return bool(
                ADMIN_STAFF_PAGES.match(name)
            )  # the admin's own pages for a model (moderation, dashboard)
        perms = coordinator_perms(r.model)
        if r.kind == "changelist":
            return "view" in perms
        if r.kind == "add":
            return "add" in perms
        shared = not r.owned and r.model._meta.label_lower in SHARED_MODELS
        return shared and ("delete" in perms if r.kind == "delete" else "view" in perms)
    return False


# Writes only some walked roles make (a signed-in person is sent on from the sign-in pages).
WRITERS = {
    "accounts:login": {"anonymous"},
    "accounts:register": {"anonymous"},
    "accounts:password-reset": {"anonymous"},
    "accounts:logout": {"citizen", "coordinator"},
    "admin:password_change": {"coordinator"},  # staff change their own password
    "governance:advisory": {"coordinator"},  # a coordinator asks for advice for their own entity
    "consultations:amendment-propose": {"citizen"},  # invited to co-draft (the coordinator is not)
}


_COORDINATOR = {}


def coordinator_perms(model):
    """What the model's admin lets a coordinator do at all (before the entity scoping of objects)."""
    from django.contrib import admin
    from django.test import RequestFactory

    model_admin = admin.site._registry.get(model)
    if model_admin is None:
        return set()
    request = RequestFactory().get("/admin/")
    request.user = _COORDINATOR["user"]
    checks = {
        "view": model_admin.has_view_or_change_permission,
        "add": model_admin.has_add_permission,
        "delete": model_admin.has_delete_permission,
    }
    return {action for action, check in checks.items() if check(request)}


def may_write(role, r):
    """Walked roles allowed to POST here (the public's writes and the person's own pages)."""
    if r.name in WRITERS:
        return role in WRITERS[r.name]
    if r.name in ANONYMOUS_WRITES:
        return True
    return role != "anonymous" and (r.name in PUBLIC_WRITES or r.name in SELF_PAGES or r.name in SELF_WRITES)


WALKED = ("anonymous", "citizen", "coordinator")
ROLES = (*WALKED, "owner", "federal")


# ---------------------------------------------------------------------------------------------------
# Bodies: the form the allowed person is shown.
def _post_forms(html):
    return [f for f in page_forms(html) if f["attrs"].get("method", "get").lower() == "post"]


def _action_path(form, page_path):
    return urlsplit(form["attrs"].get("action") or page_path).path


def _fields(form, names=None):
    body = {}
    for name, value in form["fields"]:
        if names is not None and name not in names:
            continue
        body[name] = (
            (body[name] if isinstance(body[name], list) else [body[name]]) + [value]
            if name in body
            else value
        )
    return body


def _inline_prefixes(body):
    return [key[: -len("-TOTAL_FORMS")] for key in body if key.endswith("-TOTAL_FORMS")]


def _is_inline(key, prefixes):
    return any(key.startswith(prefix + "-") for prefix in prefixes)


def admin_body(client, r, world):
    """The body of the admin form at r.path as this person is shown it, or None when it offers no write."""
    response = client.get(r.path)
    if response.status_code != 200:
        return None
    html = response.content.decode()
    if r.kind in ("change", "add"):
        if 'name="_save"' not in html:
            return None  # shown read-only: not a write for this person
        body = admin_form_body(html)
        if r.kind == "add":
            prefixes = _inline_prefixes(body)
            form = next(f for f in page_forms(html) if f["attrs"].get("id", "").endswith("_form"))
            filled = {k: v for k, v in form_filled(form).items() if not _is_inline(k, prefixes)}
            body = {k: v for k, v in body.items() if _is_inline(k, prefixes)} | filled
            body.pop("_saveasnew", None)
        if r.kind == "add" and r.obj is not None:
            # The change form of a real object (every field valid), re-posted to /add/ with the add
            # page's own inline management forms; the object is deleted first (see prove_admin_add).
            change = client.get(r.path.replace("/add/", f"/{r.obj.pk}/change/"))
            if change.status_code == 200 and 'name="_save"' in change.content.decode():
                main = admin_form_body(change.content.decode())
                main_prefixes = _inline_prefixes(main)
                body |= {k: v for k, v in main.items() if not _is_inline(k, main_prefixes)}
        return body
    if r.kind == "delete":
        forms = [f for f in _post_forms(html) if any(name == "post" for name, _v in f["fields"])]
        return _fields(forms[0]) if forms else None
    if r.kind == "changelist":
        forms = [f for f in _post_forms(html) if "action" in f["types"]]
        options = re.findall(r'<option value="(\w+)"', html[html.find('name="action"') :][:4000])
        if not forms or not options or r.obj is None:
            return None
        if "delete_selected" not in options:
            return None  # the list's own actions are proven by their tests; the matrix proves deletion
        action = "delete_selected"
        return _fields(forms[0]) | {
            "action": action,
            "_selected_action": str(r.obj.pk),
            "post": "yes",
            "index": "0",
        }
    forms = [f for f in _post_forms(html) if _action_path(f, r.path) == r.path]
    return form_filled(forms[0]) if forms else None


def scanned_forms(role, world, clients):
    """Every form (as `role` sees it) of the pages anyone or the person themself may read, by the path
    it posts to: a write's body comes from the page that holds its form."""
    scans = world.setdefault("scans", {})
    if role not in scans:
        found = {}
        names = PUBLIC_PAGES | PUBLIC_FORMS | SELF_PAGES
        for routes in route_groups().values():
            for route, name in routes:
                if name not in names:
                    continue
                r = Route(route, name, world)
                with rolled_back():
                    response = clients[role].get(r.path)
                if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                    continue
                for form in _post_forms(response.content.decode()):
                    found.setdefault(_action_path(form, r.path), form)
        scans[role] = found
    return scans[role]


def site_body(role, r, world, clients):
    if r.name in BODIES:
        return BODIES[r.name](world)
    with rolled_back():
        response = clients[role].get(r.path)
    if response.status_code == 200 and "html" in response.get("Content-Type", ""):
        forms = [f for f in _post_forms(response.content.decode()) if _action_path(f, r.path) == r.path]
        if forms:
            return form_filled(forms[0])
    # The page that holds the form: a parent of the write's path (the consultation of a vote, say).
    parent = r.path.rstrip("/")
    while parent.count("/") > 1:
        parent = parent.rsplit("/", 1)[0]
        with rolled_back():
            response = clients[role].get(parent + "/")
        if response.status_code == 200 and "html" in response.get("Content-Type", ""):
            forms = [
                f for f in _post_forms(response.content.decode()) if _action_path(f, parent + "/") == r.path
            ]
            if forms:
                return form_filled(forms[0])
    if role in WALKED:
        form = scanned_forms(role, world, clients).get(r.path)
        if form is not None:
            return form_filled(form)
    return None


# Fields a person types that the page cannot tell (their own password), added to the form's body.
TYPED = {
    "admin:password_change": lambda w: {"old_password": PASSWORD},
    "accounts:password-reset": lambda w: {"email": w["people"]["citizen"].email},
    "accounts:delete": lambda w: {"password": PASSWORD, "confirm": "on"},
    "consultations:budget": lambda w: {
        "project": str(w["budget"].projects.order_by("cost", "pk").first().pk)
    },
    "consultations:survey": lambda w: survey_answers(w["survey"]),
    "admin:consultations_survey_offline": lambda w: survey_answers(w["survey"]),
    "admin:consultations_consultation_add": lambda w: {
        "opens_at_0": "2026-06-01",
        "closes_at_0": "2026-07-01",
    },
    "admin:consultations_draft_add": lambda w: {"text_ar": "الفقرة الأولى.\n\nالفقرة الثانية."},
    "admin:consultations_draft_change": lambda w: {"text_ar": "الفقرة الأولى.\n\nالفقرة الثانية."},
    "admin:consultations_draftparagraph_change": lambda w: {"answer_ar": "أخذنا بما قيل في هذه الفقرة."},
    "consultations:amendment-propose": lambda w: {
        "proposed_text": "نص معدّل تقترحه مصفوفة الصلاحيات. A changed paragraph.",
        "rationale": "The matrix proves the write.",
    },
}


def survey_answers(survey):
    """What a person fills in: a choice, the first choice ticked, the middle of the scale, a ranking."""
    answers = {}
    for question in survey.questions.all():
        key, choices = f"q-{question.pk}", list(question.choices.order_by("pk"))
        if question.kind in ("single", "multiple"):
            answers[key] = str(choices[0].pk)
        elif question.kind == "scale":
            answers[key] = "3"
        elif question.kind == "ranking":
            answers |= {f"{key}-rank-{c.pk}": str(i) for i, c in enumerate(choices, 1)}
        else:
            answers[key] = "A matrix answer."
    return answers


BODIES = {
    "accounts:login": lambda w: {"username": w["people"]["citizen"].email, "password": PASSWORD},
    "ckan-action": lambda w: {},
    "ckan-action-unversioned": lambda w: {},
}


# ---------------------------------------------------------------------------------------------------
# Requests and proofs.
def send(client, method, r, body=None):
    if method == "get":
        return client.get(r.path)
    if method == "post":
        if r.is_api or r.name.startswith("ckan-action"):
            return client.post(r.path, data=json.dumps(body or {}), content_type="application/json")
        return client.post(r.path, body if body is not None else POST_DATA)
    return getattr(client, method)(r.path, data="{}", content_type="application/json")


def _errors(response):
    context = response.context or {}
    found = []
    for key in ("adminform", "form"):
        form = context.get(key) if hasattr(context, "get") else None
        form = getattr(form, "form", form)
        if form is not None and getattr(form, "errors", None):
            found.append(dict(form.errors))
    for formset in (context.get("inline_admin_formsets") or []) if hasattr(context, "get") else []:
        errors = [e for e in formset.formset.errors if e] + list(formset.formset.non_form_errors())
        if errors:
            found.append({formset.formset.prefix: errors})
    return f" {found}"[:400] if found else ""


def _succeeded_without_write(r, response, sent):
    if r.name.startswith("ckan-action"):
        return response.status_code == 200 and response.json().get("success") is True
    if r.name == "accounts:password-reset":
        return len(mail.outbox) > sent
    if r.name in ("accounts:logout", "admin:logout"):
        cookie = response.cookies.get(settings.SESSION_COOKIE_NAME)
        return cookie is not None and cookie.value == ""
    if r.name == "accounts:login":
        return response.status_code == 302 and settings.SESSION_COOKIE_NAME in response.cookies
    if r.name == "set_language":
        return settings.LANGUAGE_COOKIE_NAME in response.cookies
    return False


def unique_values_changed(model, body):
    """The add form's body with every unique text field made new (the object it came from stays)."""
    body = dict(body)
    for field in model._meta.fields:
        if field.unique and not field.primary_key:
            for key in [k for k in body if k == field.name or k.startswith(field.name + "_")]:
                if not isinstance(body[key], str) or not body[key]:
                    continue
                if isinstance(field, models.IntegerField) and body[key].isdigit():
                    value = int(body[key]) + 1  # a number (a period's year): the next one not taken
                    while model._default_manager.filter(**{field.name: value}).exists():
                        value += 1
                    body[key] = str(value)
                else:
                    body[key] = (body[key] + "-m2")[-(field.max_length or 200) :]
    return body


def prove(client, r, body, again=lambda: None):
    """The allowed person's POST, in a savepoint rolled back after: None when it did what it is for,
    else why not."""
    with rolled_back():
        if r.kind == "add" and r.obj is not None:
            try:
                with transaction.atomic():
                    type(r.obj)._default_manager.get(pk=r.obj.pk).delete()
            except (ProtectedError, RestrictedError, IntegrityError):
                body = unique_values_changed(r.model, body)
        sent, before = len(mail.outbox), fingerprint()
        try:
            response = send(client, "post", r, body)
        except Exception as error:  # noqa: BLE001 - a 500 for the allowed person: reported, not hidden
            return f"the product failed: {type(error).__name__}: {error}"[:300]
        wrote = changed(before, fingerprint())
    if response.status_code == 200 and response.context is not None and response.context.get("protected"):
        return "by design: the object is protected by related rows"
    status = response.status_code
    where = f"{status} {response.get('Location', '')}".strip()
    # A deletion of the last object a person may see sends them to the admin's index: a success.
    refusal = is_admin_refusal(response, r.path) and not (r.kind == "delete" and wrote)
    if status >= 400 or is_login_redirect(response) or refusal:
        return f"refused: {where}"
    if r.name in SUCCESS_WITHOUT_WRITE:
        return (
            None
            if _succeeded_without_write(r, response, sent)
            else f"{SUCCESS_WITHOUT_WRITE[r.name]}: not done ({where})"
        )
    if r.is_admin and status != 302:
        return f"the admin did not save: {where}{_errors(response)}"
    if wrote:
        return None
    # An in-place change of a table without a change time: compare every row.
    again()
    with rolled_back():
        before = rows_digest()
        send(client, "post", r, body)
        wrote = changed(before, rows_digest())
    return None if wrote else f"answered {where} and wrote nothing{_errors(response)}"


# ---------------------------------------------------------------------------------------------------
# The walk.
GROUPS = route_groups()
RESULTS = {role: {"allowed": 0, "denied": 0, "unproven": {}} for role in ROLES}
DENIED_404 = {}  # route name → roles refused with 404 (listed in the summary, with INVISIBLE's reason)


class Walk:
    def __init__(self, world):
        self.world = world
        self.people = world["people"]
        self.clients, self.cookies = {}, {}
        for role in ROLES:
            self.clients[role] = Client()
            self.sign_in(role)
        self.failures = []
        _COORDINATOR["user"] = type(self.people["coordinator"]).objects.get(pk=self.people["coordinator"].pk)

    def sign_in(self, role):
        user = self.people[role]
        if user is not None:
            self.clients[role].cookies.clear()  # a session undone with its savepoint cannot be reused
            self.clients[role].force_login(user)
            self.cookies[role] = self.clients[role].cookies[settings.SESSION_COOKIE_NAME].value

    def still_signed_in(self, role):
        """Signing out, deleting one's account or signing in again changes the session: start again."""
        cookie = self.clients[role].cookies.get(settings.SESSION_COOKIE_NAME)
        if self.people[role] is not None and (cookie is None or cookie.value != self.cookies[role]):
            self.sign_in(role)

    def request(self, role, method, r, body=None, *, undo=False):
        if undo:
            with rolled_back():
                response = send(self.clients[role], method, r, body)
        else:
            response = send(self.clients[role], method, r, body)
        self.still_signed_in(role)
        return response

    @staticmethod
    def refused(response, r):
        """An allowed read refused: an error, a login page, or (for an object) the admin's refusal."""
        if response.status_code >= 400 or is_login_redirect(response):
            return True
        location = response.get("Location", "")
        return (
            "<path:object_id>" in r.route
            and response.status_code == 302
            and location.rstrip("/").endswith("/admin")
        )

    def allowed(self, role):
        RESULTS[role]["allowed"] += 1

    def denied(self, role):
        RESULTS[role]["denied"] += 1

    def unproven(self, role, r, method, reason):
        RESULTS[role]["unproven"][f"{method} {r.path} ({r.name})"] = reason
        if r.name not in UNPROVEN and not reason.startswith("by design:"):
            self.failures.append(f"not proven: {role} {method} {r.path} ({r.name}): {reason}")

    def route(self, r):
        walked_writers = [role for role in WALKED if may_write(role, r)]
        body = self.prove_write(r, walked_writers)
        methods = ["post", "get"] + (["put", "delete"] if r.is_api else [])
        for role in WALKED:
            for method in methods:
                if method == "post" and role in self.handled:
                    continue  # proven above (or listed as not proven)
                if method == "get" and may_read(role, r):
                    response = self.request(role, "get", r, undo=True)
                    where = f"{role} GET {r.path} ({r.name}) -> {response.status_code}"
                    if response.status_code >= 500:
                        self.failures.append(f"5xx: {where}")
                    elif self.refused(response, r):
                        if r.name in UNPROVEN:
                            self.unproven(role, r, "GET", UNPROVEN[r.name])
                        else:
                            self.failures.append(f"refused a person allowed to read: {where}")
                    else:
                        self.allowed(role)
                    continue
                # A coordinator adding to their own entity is allowed: only the target's rows must stay.
                own_add = role == "coordinator" and r.kind == "add" and "add" in coordinator_perms(r.model)
                take = (lambda: target_rows(self.world["target"])) if own_add else fingerprint
                with rolled_back() if own_add else nullcontext():
                    before = take()
                    response = self.request(role, method, r, body if method == "post" else None)
                    wrote = changed(before, take())
                where = f"{role} {method.upper()} {r.path} ({r.name}) -> {response.status_code}"
                if response.status_code >= 500:
                    self.failures.append(f"5xx: {where}")
                elif wrote:
                    self.failures.append(f"wrote {wrote}: {where}")
                elif method == "get" and not expected_denied(response, r.path):
                    self.failures.append(f"readable: {where}")
                else:
                    if response.status_code == 404 and method == "get":
                        DENIED_404.setdefault(r.name, set()).add(role)
                    self.denied(role)

    def prove_write(self, r, walked_writers):
        """Show the write working for the people allowed to make it; return the body they sent (for the
        others to send too), or None when no one is shown a form posting here."""
        self.handled = set(walked_writers)
        provers = walked_writers or (
            ["federal"] if r.is_admin and not r.owned_by_target else ["owner", "federal"]
        )
        reasons = {}
        for role in provers:
            if r.is_admin:
                with rolled_back():
                    body = admin_body(self.clients[role], r, self.world)
            else:
                body = site_body(role, r, self.world, self.clients)
            if body is None:
                continue
            body |= TYPED[r.name](self.world) if r.name in TYPED else {}
            for writer in walked_writers or [role]:
                reason = prove(self.clients[writer], r, body, lambda w=writer: self.still_signed_in(w))
                self.still_signed_in(writer)
                if reason is None:
                    self.allowed(writer)
                else:
                    reasons[writer] = reason
            if walked_writers or role not in reasons:
                for writer, reason in reasons.items():
                    self.unproven(writer, r, "POST", reason)
                return body
        if walked_writers and (r.name in PUBLIC_WRITES or r.name in SELF_WRITES or r.name in UNPROVEN):
            for writer in walked_writers:
                self.unproven(writer, r, "POST", UNPROVEN.get(r.name, "no form posts here"))
        elif reasons:
            for writer, reason in reasons.items():
                self.unproven(writer, r, "POST", reason)
        else:
            self.handled = set()  # a page of one's own with nothing to post: its POST must write nothing
        return None


@pytest.fixture(scope="module")
def matrix_report(request):
    yield
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is None or not any(v["allowed"] or v["denied"] for v in RESULTS.values()):
        return
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    with capture.global_and_fixture_disabled():
        _report(reporter)


def _report(reporter):
    reporter.write_line("")
    reporter.write_line(
        "Authorisation matrix: cells per role (allowed = shown to work; denied = refused, nothing written)"
    )
    reporter.write_line(f"{'role':<12} {'allowed':>8} {'denied':>8} {'not proven':>11}")
    for role, cell in RESULTS.items():
        reporter.write_line(
            f"{role:<12} {cell['allowed']:>8} {cell['denied']:>8} {len(cell['unproven']):>11}"
        )
    for role, cell in RESULTS.items():
        for where, reason in sorted(cell["unproven"].items()):
            reporter.write_line(f"  not proven: {role} {where}: {reason}")
    for name, roles in sorted(DENIED_404.items()):
        reason = INVISIBLE.get(name, "no such page for this person (POST-only, or a link/object of another)")
        reporter.write_line(f"  404 to {', '.join(sorted(roles))}: {name}: {reason}")


@pytest.mark.parametrize("group", sorted(GROUPS))
def test_every_url_denies_what_it_should(world, matrix_report, group, settings):
    only = re.compile(os.environ.get("MATRIX_ROUTES", ""))
    routes = [(route, name) for route, name in GROUPS[group] if only.search(route) or only.search(name)]
    if not routes:
        pytest.skip(f"MATRIX_ROUTES leaves nothing of {group}")
    for name, value in world["media"].items():
        setattr(settings, name, value)
    world["private_token"] = private_token(world["people"]["citizen"])  # links expire: a fresh one
    walk = Walk(world)
    rows_before = rows_digest()
    for route, name in routes:
        walk.route(Route(route, name, world))
    # In-place changes the per-request fingerprint cannot see (a table without a change time).
    rows_changed = changed(rows_before, rows_digest())
    if rows_changed:
        walk.failures.append(f"the denied requests of {group} changed rows of {rows_changed} in place")
    assert not walk.failures, "\n".join(walk.failures)


def test_the_walk_reaches_every_url():
    routes = [route for group in GROUPS.values() for route in group]
    assert len(routes) > 300, "the walk must reach the admin's and the API's patterns"
