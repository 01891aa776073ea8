"""Entities publish datasets with their API key: `PUT /api/v1/entities/{slug}/datasets/{name}`.

Idempotent like the consultation push: the body is the whole dataset (PUT semantics), and the same
body twice changes nothing the second time — no new version, no audit record, the same `updated_at`.
Stars, search text and quality are computed by the catalogue services, never taken from the body.
"""

import hashlib
import json
from dataclasses import dataclass
from enum import StrEnum

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Dataset, Resource
from .catalogue import (
    MEDIA_TYPES,
    dataset_create,
    dataset_refresh,
    dataset_update,
    dataset_version_record,
    format_guess,
    resource_add,
)

# The dataset fields a push sets; everything else is computed or belongs to the portal.
PUSH_FIELDS = (
    "title_ar",
    "title_en",
    "description_ar",
    "description_en",
    "sector",
    "licence",
    "temporal_start",
    "temporal_end",
    "spatial",
    "update_frequency",
    "contact_name",
    "contact_email",
    "is_published",
)


class DatasetNotOwned(ValidationError):
    """The short name is taken by what the entity does not own (another entity's, or a harvested one)."""


class PushOutcome(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class DatasetPushResult:
    dataset: Dataset
    outcome: PushOutcome


def push_digest(values: dict) -> str:
    """A fingerprint of what the entity sent, so that a repeated body is recognised as unchanged."""
    plain = {**values, "licence": values["licence"].slug if values.get("licence") else None}
    return hashlib.sha256(json.dumps(plain, sort_keys=True, default=str).encode()).hexdigest()


def _resources_sync(*, dataset: Dataset, wanted: list[dict], actor_label: str) -> None:
    """Make the dataset's resources exactly the pushed list, matched by address (link checks are kept)."""
    existing = {r.url: r for r in dataset.resources.all() if r.url}
    keep = set()
    for position, item in enumerate(wanted):
        fmt = (item.get("format") or format_guess(item["url"])).upper()
        resource = existing.get(item["url"])
        if resource is None:
            resource = resource_add(
                dataset=dataset,
                name=item["name"],
                url=item["url"],
                fmt=fmt,
                description=item.get("description", ""),
                actor_label=actor_label,
                via="api",
                record_version=False,
            )
            if resource.position != position:  # resource_add appends; the push gives the order
                Resource.objects.filter(pk=resource.pk).update(position=position)
        elif (resource.name, resource.format, resource.description, resource.position) != (
            item["name"],
            fmt,
            item.get("description", ""),
            position,
        ):
            resource.name, resource.format = item["name"], fmt
            resource.description, resource.position = item.get("description", ""), position
            resource.media_type = MEDIA_TYPES.get(fmt, "")
            resource.full_clean()
            resource.save()
        keep.add(resource.pk)
    dataset.resources.exclude(pk__in=keep).delete()
    dataset_refresh(dataset=dataset)


@transaction.atomic
def dataset_push(*, entity, name: str, values: dict, actor_label: str) -> DatasetPushResult:
    """Create or update the entity's dataset `name` from a push body (already validated by the API).

    `values` holds PUSH_FIELDS plus `tags` (list of names) and `resources` (list of {name, url, format,
    description}). A name that belongs to another entity, or to a dataset the portal harvests or
    generates, is refused: the push cannot take over what it does not own.
    """
    digest = push_digest(values)
    fields = {key: values[key] for key in PUSH_FIELDS if key in values}
    tags = [t.strip() for t in values.get("tags", []) if t.strip()]
    dataset = Dataset.objects.select_for_update().filter(name=name).first()
    outcome = PushOutcome.UPDATED
    if dataset is None:
        try:
            with transaction.atomic():
                dataset = dataset_create(
                    entity=entity,
                    name=name,
                    tags=tags,
                    source=Dataset.Source.PUSHED,
                    actor_label=actor_label,
                    via="api",
                    record_version=False,
                    **fields,
                )
            outcome = PushOutcome.CREATED
        except (IntegrityError, ValidationError) as error:
            # The same name was created by a concurrent push a moment ago (the unique index or the
            # uniqueness check saw it): update that dataset instead.
            if isinstance(error, ValidationError) and not _name_taken(error):
                raise
            dataset = Dataset.objects.select_for_update().get(name=name)
    _check_owner(dataset, entity)
    if outcome == PushOutcome.UPDATED:
        if dataset.external_hash == digest and dataset.source == Dataset.Source.PUSHED:
            return DatasetPushResult(dataset, PushOutcome.UNCHANGED)
        dataset = dataset_update(
            dataset=dataset,
            tags=tags,
            actor_label=actor_label,
            via="api",
            record_version=False,
            source=Dataset.Source.PUSHED,
            **fields,
        )
    _resources_sync(dataset=dataset, wanted=values.get("resources", []), actor_label=actor_label)
    Dataset.objects.filter(pk=dataset.pk).update(
        external_hash=digest, data_modified_at=timezone.now(), updated_at=timezone.now()
    )
    dataset.refresh_from_db()
    dataset_version_record(dataset=dataset, note="pushed through the API")
    return DatasetPushResult(dataset, outcome)


def _name_taken(error: ValidationError) -> bool:
    errors = getattr(error, "error_dict", {})
    return set(errors) == {"name"} and all(e.code == "unique" for e in errors["name"])


def _check_owner(dataset: Dataset, entity) -> None:
    if dataset.entity_id != entity.pk:
        raise DatasetNotOwned({"name": [_("This short name belongs to a dataset of another entity.")]})
    if dataset.source in (Dataset.Source.HARVESTED, Dataset.Source.GENERATED):
        raise DatasetNotOwned(
            {"name": [_("This dataset is harvested or generated by the portal; it cannot be pushed.")]}
        )
