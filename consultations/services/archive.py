"""Writes on the central archive: the one upsert used by push, bulk push and harvest; keys; harvest runs.

`consultation_upsert` is idempotent: the same values twice change nothing the second time (no
save, so the same `updated_at`, and no audit record). Every real change leaves an audit record
naming the key or the feed that made it and the fields that changed.
"""

import hmac
import io
import ipaddress
import json
import logging
import socket
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from governance.models import Entity
from sharik.core.audit import audit_entry, audit_record, audit_records_save, model_diff, model_snapshot
from sharik.core.models import AuditRecord

from .. import page_cache
from ..models import ArchiveExport, Consultation, EntityApiKey, HarvestRun, HarvestSource
from ..models.archive import api_key_hash

logger = logging.getLogger(__name__)

# The model fields the push contract sets; nothing else of a consultation is touched by a push.
UPSERT_FIELDS = (
    "title_ar",
    "title_en",
    "summary_ar",
    "summary_en",
    "sector",
    "un_level",
    "escwa_stage",
    "phase",
    "opens_at",
    "closes_at",
    "external_url",
    "reported_results",
    "decision_ar",
    "decision_en",
    "decided_at",
)
_TEXT_FIELDS = {
    "title_ar",
    "title_en",
    "summary_ar",
    "summary_en",
    "decision_ar",
    "decision_en",
    "external_url",
}


class Outcome:
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    ERROR = "error"


@dataclass
class UpsertResult:
    consultation: Consultation
    outcome: str
    changes: dict = field(default_factory=dict)


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def _same(name: str, current: Any, new: Any) -> bool:
    if name in _TEXT_FIELDS:
        return (current or "") == (new or "")
    if name == "reported_results":
        return json.dumps(current or {}, sort_keys=True) == json.dumps(new or {}, sort_keys=True)
    return current == new


def consultation_upsert(
    *,
    entity: Entity,
    external_id: str,
    values: dict[str, Any],
    source: str,
    actor_label: str,
    audit_source: str,
    actor=None,
) -> UpsertResult:
    """Create or update the consultation `entity` knows as `external_id` from contract `values`.

    `values` maps model fields (UPSERT_FIELDS) to validated values; a field left out is emptied
    (PUT semantics). Raises ValidationError (nothing written) when the values are invalid.
    """
    values = {name: values.get(name) for name in UPSERT_FIELDS}
    for name in _TEXT_FIELDS:
        values[name] = values[name] or ""
    values["reported_results"] = values["reported_results"] or {}
    try:
        with transaction.atomic():
            return _upsert(
                entity=entity,
                external_id=external_id,
                values=values,
                source=source,
                actor=actor,
                actor_label=actor_label,
                audit_source=audit_source,
            )
    except IntegrityError:
        # Two pushes of a new external id raced; the other one created it: update it instead.
        with transaction.atomic():
            return _upsert(
                entity=entity,
                external_id=external_id,
                values=values,
                source=source,
                actor=actor,
                actor_label=actor_label,
                audit_source=audit_source,
            )


@dataclass
class BulkItem:
    """One valid item of a bulk push: the entity's id of it and its contract values (model fields)."""

    external_id: str
    values: dict[str, Any]


def consultation_bulk_upsert(
    *,
    entity: Entity,
    items: list[BulkItem],
    source: str,
    actor_label: str,
    audit_source: str,
    actor=None,
) -> list[UpsertResult | ValidationError]:
    """`consultation_upsert` for many items at once, with the same outcome per item.

    One transaction and a bounded number of queries whatever the count: the existing rows are read
    (and locked) in one query, unchanged items cost nothing, new rows and their audit records are
    inserted in bulk, changed rows updated in bulk. If the bulk write fails (a concurrent push
    created one of the ids, an audit record is refused), it is rolled back and the items are
    written one by one, each under its own savepoint, so a failing item leaves nothing behind.
    Returns, per item and in order, its UpsertResult or the ValidationError that refused it.
    """
    results: list[UpsertResult | ValidationError | None] = [None] * len(items)
    with transaction.atomic():
        existing = {
            row.external_id: row
            for row in Consultation.objects.select_for_update()
            .select_related("entity")
            .filter(entity=entity, external_id__in={item.external_id for item in items})
        }
        pending: list[int] = []  # indexes of the items to write
        seen: set[str] = set()
        for index, item in enumerate(items):
            values = _normalised(item.values)
            current = existing.get(item.external_id)
            if item.external_id in seen:
                pending.append(index)  # the same id twice in one request: written in order, below
                continue
            seen.add(item.external_id)
            if current is not None and all(_same(n, getattr(current, n), v) for n, v in values.items()):
                results[index] = UpsertResult(current, Outcome.UNCHANGED)
            else:
                pending.append(index)
        if not pending:
            return results
        written = None
        if len(pending) == len({items[i].external_id for i in pending}):
            try:
                with transaction.atomic():
                    written = _bulk_write(
                        entity=entity,
                        items=[(items[i], existing.get(items[i].external_id)) for i in pending],
                        source=source,
                        actor=actor,
                        actor_label=actor_label,
                        audit_source=audit_source,
                    )
            except (IntegrityError, ValidationError):
                written = None
                for row in existing.values():
                    row.refresh_from_db()  # the rolled-back write may have changed them in memory
        if written is None:
            written = []
            for i in pending:
                arguments = {
                    "entity": entity,
                    "external_id": items[i].external_id,
                    "values": _normalised(items[i].values),
                    "source": source,
                    "actor": actor,
                    "actor_label": actor_label,
                    "audit_source": audit_source,
                }
                try:
                    try:
                        with transaction.atomic():
                            written.append(_upsert(**arguments))
                    except IntegrityError:
                        # A concurrent push created this id meanwhile: update the row it wrote instead.
                        with transaction.atomic():
                            written.append(_upsert(**arguments))
                except ValidationError as error:
                    written.append(error)
        for i, result in zip(pending, written, strict=True):
            results[i] = result
    return results


def _normalised(values: dict[str, Any]) -> dict[str, Any]:
    """Contract values with every UPSERT_FIELDS name; a field left out is emptied (PUT semantics)."""
    values = {name: values.get(name) for name in UPSERT_FIELDS}
    for name in _TEXT_FIELDS:
        values[name] = values[name] or ""
    values["reported_results"] = values["reported_results"] or {}
    return values


def _bulk_write(
    *, entity, items, source, actor, actor_label, audit_source
) -> list[UpsertResult | ValidationError]:
    """Write new and changed items (each id once) with a fixed number of queries."""
    from ..search import search_document

    now = timezone.now()
    outcomes: list[UpsertResult | ValidationError] = []
    new_rows, changed_rows, changed_fields = [], [], set()
    for item, current in items:
        values = _normalised(item.values)
        try:
            _dates_check(values)
            if current is None:
                row = Consultation(entity=entity, external_id=item.external_id, source=source, **values)
                changes = {
                    name: [None, _json_value(value)]
                    for name, value in values.items()
                    if value not in ("", {}, None)
                }
                outcome = Outcome.CREATED
            else:
                row = current
                changed = {
                    name for name, value in values.items() if not _same(name, getattr(row, name), value)
                }
                before = model_snapshot(row)
                for name in changed:
                    setattr(row, name, values[name])
                outcome = Outcome.UPDATED
            # The entity is known to exist (no query per item); the constraints are the database's.
            row.full_clean(exclude=["entity"], validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            if current is not None:
                current.refresh_from_db()
            outcomes.append(error)
            continue
        row.search_text = search_document(row)
        if current is None:
            row.created_at = row.updated_at = now
            new_rows.append(row)
        else:
            row.updated_at = now
            changes = {name: diff for name, diff in model_diff(row, before).items() if name in changed}
            changed_rows.append(row)
            changed_fields |= changed
        outcomes.append(UpsertResult(row, outcome, changes))
    Consultation.objects.bulk_create(new_rows, batch_size=500)
    if changed_rows:
        Consultation.objects.bulk_update(
            changed_rows, [*changed_fields, "search_text", "updated_at"], batch_size=200
        )
    if new_rows or changed_rows:  # bulk writes send no signal: the cached lists must learn it here
        page_cache.list_bump()
    entries = [
        audit_entry(
            action="archive.create" if result.outcome == Outcome.CREATED else "archive.update",
            obj=result.consultation,
            actor=actor,
            actor_label=actor_label,
            source=audit_source,
            entity=entity,
            changes=result.changes,
        )
        for result in outcomes
        if isinstance(result, UpsertResult)
    ]
    audit_records_save(entries)
    return outcomes


def _dates_check(values: dict) -> None:
    """The rule of the `consultation_closes_after_opening` constraint, with a message naming the field."""
    opens_at, closes_at = values.get("opens_at"), values.get("closes_at")
    if opens_at and closes_at and closes_at <= opens_at:
        raise ValidationError({"closes_at": [_("A consultation must close after it opens.")]})


_UNKNOWN = object()


def _upsert(
    *, entity, external_id, values, source, actor, actor_label, audit_source, existing=_UNKNOWN
) -> UpsertResult:
    """Write one item; `existing` is the locked current row when the caller already read it."""
    if existing is _UNKNOWN:
        existing = (
            Consultation.objects.select_for_update().filter(entity=entity, external_id=external_id).first()
        )
    if existing is None:
        consultation = Consultation(entity=entity, external_id=external_id, source=source, **values)
        # The table's constraints are checked here in Python (no query per item); one row per
        # (entity, external_id) is left to the database: a concurrent push of the same new id ends
        # in IntegrityError, and consultation_upsert retries it as an update.
        _dates_check(values)
        consultation.full_clean(validate_constraints=False)
        consultation.save()
        changes = {
            name: [None, _json_value(value)] for name, value in values.items() if value not in ("", {}, None)
        }
        audit_record(
            action="archive.create",
            obj=consultation,
            actor=actor,
            actor_label=actor_label,
            source=audit_source,
            entity=entity,
            changes=changes,
        )
        return UpsertResult(consultation, Outcome.CREATED, changes)

    changed = {name for name, value in values.items() if not _same(name, getattr(existing, name), value)}
    if not changed:
        return UpsertResult(existing, Outcome.UNCHANGED)
    before = model_snapshot(existing)
    for name in changed:
        setattr(existing, name, values[name])
    _dates_check(values)
    existing.full_clean(validate_constraints=False)
    existing.save()
    changes = {name: diff for name, diff in model_diff(existing, before).items() if name in changed}
    audit_record(
        action="archive.update",
        obj=existing,
        actor=actor,
        actor_label=actor_label,
        source=audit_source,
        entity=entity,
        changes=changes,
    )
    return UpsertResult(existing, Outcome.UPDATED, changes)


def consultation_admin_change_record(*, consultation: Consultation, before: dict, user) -> None:
    """Audit an admin change of a consultation in the archive (called by the admin after saving)."""
    changes = model_diff(consultation, before)
    changes.pop("updated_at", None)
    changes.pop("search_text", None)
    if not changes and before:
        return
    audit_record(
        action="archive.admin_change" if before else "archive.admin_create",
        obj=consultation,
        actor=user,
        actor_label=getattr(user, "email", ""),
        source=AuditRecord.Source.ADMIN,
        changes=changes,
    )


# --- API keys --------------------------------------------------------------------------------------


@transaction.atomic
def api_key_issue(*, entity: Entity, name: str, issued_by=None) -> tuple[EntityApiKey, str]:
    """A new key for `entity`. Returns the key row and the raw key, which is never stored or shown again."""
    prefix, raw_key = EntityApiKey.generate()
    key = EntityApiKey(entity=entity, name=name, prefix=prefix, hashed_key=api_key_hash(raw_key))
    key.created_by = issued_by if getattr(issued_by, "is_authenticated", False) else None
    key.full_clean()
    key.save()
    audit_record(
        action="api_key.issue",
        obj=key,
        actor=issued_by,
        actor_label=getattr(issued_by, "email", "") or "command line",
        source=AuditRecord.Source.ADMIN,
        entity=entity,
        changes={"name": [None, name], "prefix": [None, prefix]},
    )
    return key, raw_key


@transaction.atomic
def api_key_revoke(*, key: EntityApiKey, revoked_by=None) -> EntityApiKey:
    if key.revoked_at is not None:
        return key
    key.revoked_at = timezone.now()
    key.save(update_fields=["revoked_at"])
    audit_record(
        action="api_key.revoke",
        obj=key,
        actor=revoked_by,
        actor_label=getattr(revoked_by, "email", ""),
        source=AuditRecord.Source.ADMIN,
        entity=key.entity,
    )
    return key


def api_key_authenticate(*, raw_key: str) -> EntityApiKey | None:
    """The active key matching `raw_key`, its last-used time refreshed (at most once a minute)."""
    prefix = EntityApiKey.prefix_of(raw_key)
    if prefix is None:
        return None
    key = EntityApiKey.objects.select_related("entity").filter(prefix=prefix).first()
    if key is None or key.revoked_at is not None or not key.entity.is_active:
        return None
    if not hmac.compare_digest(key.hashed_key, api_key_hash(raw_key)):
        return None
    now = timezone.now()
    if key.last_used_at is None or now - key.last_used_at > timedelta(minutes=1):
        EntityApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
        key.last_used_at = now
    return key


def api_refusal_record(*, key: EntityApiKey, entity_slug: str, action: str) -> None:
    """Log a key that tried to act for another entity (refused with 403)."""
    logger.warning(
        "API key %s of %s refused for entity %s (%s)", key.prefix, key.entity.slug, entity_slug, action
    )
    audit_record(
        action="api.refused",
        obj=key,
        actor_label=key.label,
        source=AuditRecord.Source.API,
        entity=key.entity,
        changes={"target_entity": [None, entity_slug], "attempted": [None, action]},
    )


# --- Harvest ---------------------------------------------------------------------------------------

HARVEST_MAX_PAGES = 200
HARVEST_MAX_BYTES = 20 * 1024 * 1024
HARVEST_BACKOFF_BASE = timedelta(minutes=15)
HARVEST_BACKOFF_MAX = timedelta(days=1)
HARVEST_LEASE = timedelta(minutes=30)
HARVEST_RUN_MAX_SECONDS = 10 * 60  # below the task's soft time limit, so a run always ends recorded


class FeedError(Exception):
    """A feed page could not be read: HTTP error, timeout, too large, or not the expected JSON."""


def _feed_url_check(url: str) -> None:
    """Refuse URLs that are not http(s), or whose host is not a public address.

    A feed URL is typed in by staff; without this check the harvester could be pointed at the
    portal's own network (databases, metadata services). Development and tests may allow private
    hosts with HARVEST_ALLOW_PRIVATE_HOSTS.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FeedError(f"unsupported URL: {url}")
    if settings.HARVEST_ALLOW_PRIVATE_HOSTS:
        return
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(parts.hostname, parts.port or 443)}
    except OSError as error:
        raise FeedError(f"cannot resolve {parts.hostname}: {error}") from error
    for address in addresses:
        if not ipaddress.ip_address(address.split("%")[0]).is_global:
            raise FeedError(f"{parts.hostname} is not a public address")


class _CheckedRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        _feed_url_check(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_opener = urllib.request.build_opener(_CheckedRedirects)


def feed_page_fetch(*, url: str, timeout: float) -> dict:
    """One page of a feed as a dict with `items` (a list) and `next` (a URL or null)."""
    _feed_url_check(url)
    request = urllib.request.Request(  # noqa: S310 - scheme checked above
        url, headers={"Accept": "application/json", "User-Agent": "Sharik-harvester/1.0"}
    )
    deadline = time.monotonic() + timeout
    try:
        with _opener.open(request, timeout=timeout) as response:
            body = io.BytesIO()
            while chunk := response.read(64 * 1024):
                body.write(chunk)
                if body.tell() > HARVEST_MAX_BYTES:
                    raise FeedError(f"page larger than {HARVEST_MAX_BYTES} bytes")
                if time.monotonic() > deadline:
                    raise FeedError(f"timed out after {timeout} s")
    except urllib.error.HTTPError as error:
        raise FeedError(f"HTTP {error.code} from {url}") from error
    except TimeoutError as error:
        raise FeedError(f"timed out after {timeout} s") from error
    except urllib.error.URLError as error:
        if isinstance(error.reason, TimeoutError):
            raise FeedError(f"timed out after {timeout} s") from error
        raise FeedError(f"cannot reach {url}: {error.reason}") from error
    try:
        page = json.loads(body.getvalue().decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise FeedError(f"malformed JSON: {error}") from error
    if isinstance(page, list):
        page = {"items": page, "next": None}
    if not isinstance(page, dict) or not isinstance(page.get("items"), list):
        raise FeedError('expected a JSON object with an "items" list')
    next_url = page.get("next")
    if next_url is not None and not isinstance(next_url, str):
        raise FeedError('"next" must be a URL or null')
    return page


@transaction.atomic
def harvest_source_register(
    *, entity: Entity, url: str, interval_minutes: int, actor_label: str, actor=None
) -> tuple[HarvestSource, bool]:
    """Register (or re-activate and re-schedule) a feed of `entity`. Returns (source, created)."""
    try:
        _feed_url_check(url)
    except FeedError as error:
        raise ValidationError({"url": [str(error)]}) from error
    source = HarvestSource.objects.select_for_update().filter(entity=entity, url=url).first()
    created = source is None
    if created:
        source = HarvestSource(entity=entity, url=url)
    before = model_snapshot(source) if not created else {}
    source.interval_minutes = interval_minutes
    source.is_active = True
    source.full_clean()
    if not created and model_diff(source, before) == {}:
        return source, False
    source.save()
    audit_record(
        action="harvest_source.register" if created else "harvest_source.change",
        obj=source,
        actor=actor,
        actor_label=actor_label,
        source=AuditRecord.Source.API if actor is None else AuditRecord.Source.ADMIN,
        entity=entity,
        changes=model_diff(source, before) if before else {"url": [None, url]},
    )
    return source, created


def harvest_backoff(failures: int) -> timedelta:
    """15 minutes after the first failure, doubling each time, at most a day."""
    return min(HARVEST_BACKOFF_BASE * (2 ** max(failures - 1, 0)), HARVEST_BACKOFF_MAX)


def harvest_source_claim(*, source_id: int, now=None) -> bool:
    """Take a due source for one run, so a second beat tick does not start it again meanwhile."""
    now = now or timezone.now()
    return bool(HarvestSource.objects.due(now).filter(pk=source_id).update(next_run_at=now + HARVEST_LEASE))


def harvest_source_run(*, source: HarvestSource) -> HarvestRun:
    """Read every page of the feed and upsert each item exactly as a push would.

    Items already written stay when a later page fails; nothing is ever deleted. The run records
    its counts and errors; the source's next run is its interval later, or a backoff after a failure.
    """
    from ..api.serializers import FeedItemSerializer, push_values

    run = HarvestRun.objects.create(source=source)
    errors: list[str] = []
    page_failed = False
    url: str | None = source.url
    seen: set[str] = set()
    label = f"harvest:{source.pk} ({source.url})"[:200]
    run_deadline = time.monotonic() + HARVEST_RUN_MAX_SECONDS
    while url and run.pages < HARVEST_MAX_PAGES:
        if time.monotonic() > run_deadline:
            errors.append(f"stopped after {HARVEST_RUN_MAX_SECONDS} s; the next run goes on from the start")
            page_failed = True
            break
        if url in seen:
            errors.append(f"the feed's next link loops back to {url}")
            break
        seen.add(url)
        try:
            page = feed_page_fetch(url=url, timeout=source.timeout_seconds)
        except FeedError as error:
            errors.append(f"page {run.pages + 1}: {error}")
            page_failed = True
            break
        run.pages += 1
        for index, item in enumerate(page["items"]):
            serializer = FeedItemSerializer(data=item)
            where = f"page {run.pages}, item {index + 1}"
            if not serializer.is_valid():
                run.failed += 1
                external_id = item.get("external_id") if isinstance(item, dict) else None
                errors.append(f"{where} ({external_id}): {json.dumps(serializer.errors, ensure_ascii=False)}")
                continue
            data = serializer.validated_data
            try:
                result = consultation_upsert(
                    entity=source.entity,
                    external_id=data["external_id"],
                    values=push_values(data),
                    source=Consultation.Source.HARVESTED,
                    actor_label=label,
                    audit_source=AuditRecord.Source.HARVEST,
                )
            except ValidationError as error:
                run.failed += 1
                errors.append(f"{where} ({data['external_id']}): {'; '.join(error.messages)}")
                continue
            setattr(run, result.outcome, getattr(run, result.outcome) + 1)
        url = page.get("next")
    now = timezone.now()
    if page_failed and run.pages == 0:
        run.status = HarvestRun.Status.FAILED
    elif page_failed or errors:
        run.status = HarvestRun.Status.PARTIAL
    else:
        run.status = HarvestRun.Status.SUCCESS
    run.finished_at = now
    run.errors = errors[:200]
    run.save()
    if page_failed:
        source.consecutive_failures += 1
        source.next_run_at = now + harvest_backoff(source.consecutive_failures)
        logger.warning(
            "harvest of %s failed (%s in a row): %s", source.url, source.consecutive_failures, errors[-1]
        )
    else:
        source.consecutive_failures = 0
        source.last_success_at = now
        source.next_run_at = now + timedelta(minutes=source.interval_minutes)
    source.save(update_fields=["consecutive_failures", "last_success_at", "next_run_at"])
    return run


# --- Export ----------------------------------------------------------------------------------------


def archive_export_publish(*, fmt: str) -> ArchiveExport:
    """Write the whole public archive to a file in `fmt` and publish it as the open dataset."""
    from ..archive_export import EXPORT_WRITERS

    queryset = Consultation.objects.public()
    rows = 0
    with tempfile.TemporaryFile() as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8", newline="")
        for chunk, count in EXPORT_WRITERS[fmt](queryset):
            text.write(chunk)
            rows += count
        text.flush()
        size = raw.tell()
        raw.seek(0)
        with transaction.atomic():
            export = ArchiveExport.objects.select_for_update().filter(format=fmt).first() or ArchiveExport(
                format=fmt
            )
            old_name = export.file.name if export.file else ""
            export.file.save(f"sharik-archive.{fmt}", File(raw), save=False)
            export.rows = rows
            export.size = size
            export.generated_at = timezone.now()
            export.full_clean()
            export.save()
        if old_name and old_name != export.file.name:
            export.file.storage.delete(old_name)
    return export


__all__ = [
    "Outcome",
    "UpsertResult",
    "api_key_authenticate",
    "api_key_issue",
    "api_key_revoke",
    "api_refusal_record",
    "archive_export_publish",
    "BulkItem",
    "consultation_admin_change_record",
    "consultation_bulk_upsert",
    "consultation_upsert",
    "feed_page_fetch",
    "harvest_backoff",
    "harvest_source_claim",
    "harvest_source_register",
    "harvest_source_run",
]
