"""Authorisation matrix: every URL pattern of the project, as an anonymous visitor, a citizen and a
coordinator of ANOTHER entity, with GET and POST (and PUT/DELETE on the API).

The data is the demo data set (it holds an object of nearly every model); the target entity is the one
that runs the demo's open consultation, and the coordinator is given a fresh entity of their own.
For every request: no 5xx; where the visitor has no right, 302-to-login/401/403/404/405; and a POST
that is not one of the public's writes changes no row of the target entity's data.
"""

import hashlib
import re
from collections import deque
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models
from django.db.models import Count, Max
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from governance.models import Entity
from tests.factories import EntityFactory, UserFactory
from tests.forms import form_filled, page_forms

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
    "private-file",  # a signed link: refused (403/404/410) unless valid, in time and made for this person
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
    "governance:network",
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
    "admin:logout",
    # Links from e-mails: a wrong token shows an "invalid link" page (200 or 400), nothing else.
    "accounts:activate",
    "accounts:password-reset-confirm",
    "governance:newsletter-confirm",
    "governance:newsletter-unsubscribe",
    "admin:jsi18n",  # the admin's translation catalogue (no data)
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
    "opendata:request-create",
    "opendata:reuse-submit",
    "consultations:comment-create",
    "consultations:idea-create",
    "consultations:proposal-create",  # draft a proposal (signed in)
    "consultations:debate-create",  # start a debate (signed in)
    "accounts:logout",
    # Sign in with UAE PASS (404 while it is not configured; the callback refuses an unknown state).
    "accounts:uaepass-start",
    "accounts:uaepass-callback",
}

# Pages about the signed-in person themself (their own data, never another's).
SELF_PAGES = {
    "accounts:profile",
    "governance:advisory",  # a coordinator's own entity's advisory requests, never another entity's
    "governance:support-rating",  # a coordinator rates the programme's support for their own entities only
    "governance:agreements",  # a coordinator's own entity's agreements (their documents: signed links for them)
    "accounts:my-data",
    "accounts:notifications",
    "accounts:data-export",
    "accounts:data-export-download",  # a one-time link: refused (403/404/410) unless it is the person's own
    "accounts:otp-setup",  # a staff member's own authenticator (403 for others)
    "accounts:otp-verify",
    "consultations:follows",  # what the person follows and how they are told
    "accounts:uaepass-link",  # link UAE PASS to one's own account (after the password)
    "accounts:uaepass-unlink",
    "consultations:cases",  # the person's own suggestions and complaints (a case itself: its author only, 404)
    "consultations:case-create",  # file a suggestion or a complaint (signed in)
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
    "opendata:download",  # counts downloads
    "governance:newsletter",  # subscribe
    "accounts:register",
    "accounts:login",
    "accounts:password-reset",
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
}

# The public's writes that need no account: an anonymous visitor's POST succeeds too. Every other entry
# of PUBLIC_WRITES needs sign-in, and an anonymous POST to it is refused and writes nothing.
ANONYMOUS_WRITES = {
    "consultations:vote-anonymous",
    "opendata:download",
    "governance:newsletter",
    "accounts:register",
    "accounts:login",
    "accounts:password-reset",
    "ckan-action",
    "ckan-action-unversioned",
    # RFC 8058 one-click unsubscribe: mail clients POST without a session; the signed token is the
    # credential (a forged one: 400, nothing changed).
    "consultations:follow-unsubscribe",
}

# Admin pages a coordinator of any entity may open (their own lists and forms, scoped to their entity).
ADMIN_STAFF_PAGES = re.compile(
    r"^admin:(index|app_list|jsi18n|autocomplete|password_change|password_change_done|logout"
    r"|\w+_changelist|\w+_add|consultations_consultation_moderation"
    r"|consultations_case_dashboard)$"  # the case dashboard shows only the person's own entities
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

POST_DATA = {
    "body": "A comment long enough to be accepted by the form, written by the matrix.",
    "title": "Matrix title",
    "description": "Matrix description",
    "reason": "spam",
    "option": "1",
    "email": "matrix@example.org",
    "name": "Matrix",
    "url": "https://example.org/reuse",
    "post": "yes",
    "action": "delete_selected",
    "_selected_action": "1",
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


def owned_models():
    for model in apps.get_models():
        if model._meta.app_label in {"consultations", "opendata", "governance"}:
            lookup = entity_lookup_for(model)
            if lookup is not None:
                yield model, lookup


def snapshot(target):
    """Cheap, taken after every POST: row count, highest pk and latest change time of each model."""
    digest = {}
    for model, lookup in owned_models():
        stamps = [f.name for f in model._meta.concrete_fields if f.name in ("updated_at", "modified_at")]
        aggregates = {"n": Count("pk"), "top": Max("pk")} | {s: Max(s) for s in stamps}
        digest[model._meta.label_lower] = model.objects.filter(**{lookup: target.pk}).aggregate(**aggregates)
    return digest


def full_snapshot(target):
    """Every column of every row of the target entity's data, per model (compared once per person)."""
    digest = {}
    for model, lookup in owned_models():
        rows = list(model.objects.filter(**{lookup: target.pk}).order_by("pk").values())
        digest[model._meta.label_lower] = hashlib.sha256(repr(rows).encode()).hexdigest()
    return digest


@pytest.fixture
def world(django_db_blocker):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    from consultations.models import Comment, Consultation, Idea, Poll
    from consultations.services.archive import api_key_issue

    consultation = (
        Consultation.objects.filter(phase="conduct", polls__isnull=False).order_by("pk").distinct().first()
    )
    target = consultation.entity
    poll = Poll.objects.filter(consultation=consultation).first()
    comment = Comment.objects.filter(consultation=consultation).first() or Comment.objects.create(
        consultation=consultation, author=UserFactory(), body="A comment of the target"
    )
    idea = Idea.objects.filter(consultation=consultation).first()
    if idea is None:
        idea = Idea.objects.create(
            consultation=consultation, author=UserFactory(), title="Idea", body="An idea of the target"
        )
    key, _raw = api_key_issue(entity=target, name="Matrix key")
    if not consultation.external_id:
        Consultation.objects.filter(pk=consultation.pk).update(external_id="matrix-1")
        consultation.refresh_from_db()

    from opendata.models import Dataset, DatasetRequest, Resource

    dataset = Dataset.objects.filter(entity=target).first() or Dataset.objects.first()
    resource = Resource.objects.filter(dataset=dataset).first()
    data_request = DatasetRequest.objects.first()

    from governance.models import BlogPost, NewsletterIssue

    blog = BlogPost.objects.first()
    from consultations.models import Debate

    # The demo's debate taken up into a consultation (of the target entity when the demo chose it).
    debate = Debate.objects.filter(consultation__entity=target).first() or Debate.objects.public().first()
    issue = NewsletterIssue.objects.first()

    target_user = target.coordinators.first() if hasattr(target, "coordinators") else None

    def instrument(model_name, lookup="consultation__entity"):
        """A row of an instrument of the target entity if the demo has one, else any row."""
        model = apps.get_model("consultations", model_name)
        return (
            model.objects.filter(**{lookup: target}).order_by("pk").first()
            or model.objects.order_by("pk").first()
        )

    instruments = {
        "survey_pk": instrument("survey"),
        "budget_pk": instrument("participatorybudget"),
        "statement_pk": instrument("opinionstatement"),
        "draft_pk": instrument("draft"),
        "document_pk": instrument("consultationdocument"),
        "paragraph_pk": instrument("draftparagraph", "version__draft__consultation__entity"),
        "amendment_pk": instrument("amendment", "paragraph__version__draft__consultation__entity"),
    }
    return {
        "instruments": {name: str(obj.pk if obj else 999999) for name, obj in instruments.items()},
        "target": target,
        "consultation": consultation,
        "poll": poll,
        "comment": comment,
        "idea": idea,
        "key": key,
        "dataset": dataset,
        "resource": resource,
        "request": data_request,
        "blog": blog,
        "debate": debate,
        "issue": issue,
        "target_user": target_user,
        "case": _target_case(target),
    }


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


def admin_object_id(route, world):
    """For an admin object URL, the pk of an object of the target entity (or of any row)."""
    match = re.match(r"admin/(\w+)/(\w+)/", route)
    model = apps.get_model(match.group(1), match.group(2))
    lookup = entity_lookup_for(model)
    qs = model._default_manager.all()
    if lookup:
        qs = qs.filter(**{lookup: world["target"].pk})
    elif model._meta.label_lower == "accounts.user":
        qs = qs.filter(is_superuser=True)
    obj = qs.order_by("pk").first()
    return (str(obj.pk) if obj else "999999"), model, bool(lookup)


def fill(route, world):
    """A concrete path for `route`; returns (path, admin model or None, owned-by-entity flag)."""
    c = world
    model, owned = None, False
    if re.match(r"admin/\w+/\w+/", route) and ("<path:object_id>" in route or "<id>" in route):
        object_id, model, owned = admin_object_id(route, world)
        route = route.replace("<path:object_id>", object_id).replace("<id>", object_id)
    values = {
        "pk": str(c["consultation"].pk),
        "comment_pk": str(c["comment"].pk),
        "poll_pk": str(c["poll"].pk),
        "idea_pk": str(c["idea"].pk),
        "entity_slug": c["target"].slug,
        "external_id": c["consultation"].external_id or "x",
        "slug": c["target"].slug,
        "name": c["dataset"].name,
        "action": "package_list",
        "fmt": "csv",
        "uidb64": "MQ",
        "token": "invalid-token",
        "year": "2026",
        "kind": "privacy",
        "language": "ar",
        "content_type_id": "1",
        "object_id": "1",
        "app_label": "consultations",
        "code": "no-such-code",  # certificate verification codes: the public page says "not found"
        "position": "1",
        "path": "consultations/documents/nothing.pdf",
        "url": "nothing-here/",
        **c["instruments"],
    }
    if "<str:key>" in route:  # reach (issue 15): follow, feeds and share cards of the target entity
        values["kind"], values["key"] = (
            ("consultation", values["pk"]) if "share/" in route else ("entity", c["target"].slug)
        )
    if route.startswith("consultations/cases/"):  # a case of the target entity: its author only
        values["pk"] = str(c["case"].pk if c["case"] else 999999)
    if route.startswith("opendata/requests/"):
        values["pk"] = str(c["request"].pk)
    if "/resources/" in route:
        values["pk"] = str(c["resource"].pk)
    if route.startswith("opendata/licences/"):
        values["slug"] = "cc-by-4.0"
    if route.startswith("consultations/debates/"):
        values["pk"] = str(c["debate"].pk if c.get("debate") else 999999)
    if route.startswith("blog/"):
        values["slug"] = c["blog"].slug
    if "newsletterissue" in route:
        values["pk"] = str(c["issue"].pk if c["issue"] else 999999)
    if route.startswith("admin/") and ("lifecycle" in route or "analysis" in route):
        model, owned = apps.get_model("consultations", "consultation"), True

    def sub(m):
        return values[m.group("n")]

    path = re.sub(r"\(\?P<(?P<n>\w+)>[^)]*\)", sub, route)
    path = re.sub(r"<(?:\w+:)?(?P<n>\w+)>", sub, path)
    path = path.replace("^", "").replace("$", "")
    return "/" + path, model, owned


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


def may_read(role, name, model, owned):
    if name in PUBLIC_PAGES or name in PUBLIC_FORMS:
        return True
    if role != "anonymous" and name in SELF_PAGES:
        return True
    if role == "coordinator" and name.startswith("admin:"):
        if model is None:
            return bool(ADMIN_STAFF_PAGES.match(name))
        return not owned and model._meta.label_lower in SHARED_MODELS
    return False


def test_every_url_denies_what_it_should(world):
    routes = sorted(set(walk_patterns(get_resolver())))
    assert len(routes) > 300, "the walk must reach the admin's and the API's patterns"

    other = EntityFactory()
    from governance.services import entity_coordinator_assign

    coordinator = UserFactory()
    entity_coordinator_assign(entity=other, user=coordinator)
    citizen = UserFactory()
    people = {"anonymous": None, "citizen": citizen, "coordinator": coordinator}

    failures = []
    before = snapshot(world["target"])
    for role, user in people.items():
        full_before = full_snapshot(world["target"])
        touched_publicly = set(COUNTERS)  # models the public's own writes (and counted reads) change
        client = Client()
        if user is not None:
            client.force_login(user)
        for route, name in routes:
            path, model, owned = fill(route, world)
            methods = ["post", "get"] + (["put", "delete"] if route.startswith(API_PREFIX) else [])
            for method in methods:
                if name in ("accounts:logout", "admin:logout") and user is not None:
                    client.force_login(user)
                if method == "get":
                    response = client.get(path)
                elif method == "post":
                    response = client.post(path, POST_DATA)
                else:
                    response = getattr(client, method)(path, data="{}", content_type="application/json")
                where = f"{role} {method.upper()} {path} ({name}) -> {response.status_code}"
                if response.status_code >= 500:
                    failures.append(f"5xx: {where}")
                    continue
                if method == "get":
                    if not may_read(role, name, model, owned) and not expected_denied(response, path):
                        failures.append(f"readable: {where}")
                    if name in PUBLIC_PAGES:  # reads may count views (open data usage)
                        after = snapshot(world["target"])
                        touched_publicly |= {label for label in after if after[label] != before.get(label)}
                        before = after
                    continue
                after = snapshot(world["target"])
                if name in PUBLIC_WRITES or name in PUBLIC_PAGES:
                    touched_publicly |= {label for label in after if after[label] != before.get(label)}
                    before = after
                    continue
                changed = sorted(label for label in after if after[label] != before.get(label))
                if changed:
                    failures.append(f"wrote {changed}: {where}")
                    before = after
        # In-place changes the cheap snapshot cannot see, on every model the public did not write to.
        full_after = full_snapshot(world["target"])
        changed = sorted(
            label
            for label in full_after
            if full_after[label] != full_before[label] and label not in touched_publicly
        )
        if changed:
            failures.append(f"{role} changed rows of {changed} in place")
    assert not failures, "\n".join(failures)


def global_snapshot():
    """Row count and highest pk of every table: an allowed write must show in it (or in its answer)."""
    return {
        model._meta.label_lower: model._default_manager.aggregate(n=Count("pk"), top=Max("pk"))
        for model in apps.get_models()
    }


def action_path(form, page_path):
    action = form["attrs"].get("action") or page_path
    return urlsplit(action).path


def forms_by_action(client, paths):
    """Every form of the given pages (as this person sees them), by the path it posts to."""
    found = {}
    for page in paths:
        response = client.get(page)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        for form in page_forms(response.content.decode()):
            if form["attrs"].get("method", "get").lower() == "post":
                found.setdefault(action_path(form, page), form)
    return found


def test_writes_that_need_an_account_refuse_anonymous_visitors(world):
    """The public's writes are not open to anonymous visitors unless listed in ANONYMOUS_WRITES: posted
    anonymously with the body of the form a signed-in citizen is shown (read from the page, so it is
    one the write accepts), each is refused (login redirect, 401/403/404/405) and no table changes."""
    routes = sorted(set(walk_patterns(get_resolver())))
    writes = [(r, name) for r, name in routes if name in PUBLIC_WRITES and name not in ANONYMOUS_WRITES]
    assert len(writes) > 15
    readable = [fill(r, world)[0] for r, name in routes if name in PUBLIC_PAGES | PUBLIC_FORMS]
    citizen = Client()
    citizen.force_login(UserFactory())
    shown = forms_by_action(citizen, readable)
    assert sum(fill(r, world)[0] in shown for r, _n in writes) > 5, "the bodies come from the pages' forms"
    anonymous = Client()
    failures = []
    for route, name in writes:
        path, _model, _owned = fill(route, world)
        form = shown.get(path)
        rows = global_snapshot()
        response = anonymous.post(path, POST_DATA | (form_filled(form) if form else {}))
        changed = sorted(label for label, value in global_snapshot().items() if value != rows[label])
        if not expected_denied(response, path) or changed:
            failures.append(f"anonymous POST {path} ({name}) -> {response.status_code}, changed {changed}")
    assert not failures, "\n".join(failures)
