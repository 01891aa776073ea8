"""Writing the audit log. Services call `audit_record`; nobody writes AuditRecord directly."""

from typing import Any

from django.db import models

from .models import AuditRecord


def model_diff(instance: models.Model, before: dict[str, Any]) -> dict[str, list]:
    """The fields whose value changed since `before` (a dict from `model_snapshot`)."""
    after = model_snapshot(instance)
    return {name: [before.get(name), value] for name, value in after.items() if before.get(name) != value}


def model_snapshot(instance: models.Model) -> dict[str, Any]:
    """The concrete, non-relational field values of an instance, as JSON-friendly values."""
    snapshot: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        value = field.value_from_object(instance)
        if isinstance(field, models.FileField):
            value = value.name if value else ""
        elif value is not None and not isinstance(value, str | int | float | bool | list | dict):
            value = str(value)
        snapshot[field.attname] = value
    return snapshot


def audit_entry(
    *,
    action: str,
    obj: models.Model,
    actor=None,
    actor_label: str = "",
    source: str = AuditRecord.Source.SYSTEM,
    entity=None,
    changes: dict | None = None,
) -> AuditRecord:
    """The audit record of a write, not yet saved: for services that save many with `audit_records_save`."""
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    return AuditRecord(
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        actor=actor,
        actor_label=actor_label[:200],
        source=source,
        entity=entity if entity is not None else getattr(obj, "entity", None),
        changes=changes or {},
    )


def audit_record(**kwargs) -> AuditRecord:
    """Record one write (the arguments of `audit_entry`)."""
    entry = audit_entry(**kwargs)
    entry.save()
    return entry


def audit_records_save(entries: list[AuditRecord]) -> list[AuditRecord]:
    """Save many entries of `audit_entry` in one insert (bulk writes)."""
    return AuditRecord.objects.bulk_create(entries, batch_size=1000)
