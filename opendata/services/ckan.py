"""Writes through the CKAN Action API: an entity's system creates and changes its own datasets.

The CKAN dictionaries (name, title, notes, license_id, tags, resources…) are translated into the
catalogue services, so the rules are the push's: the key acts for its own entity only, harvested and
generated datasets are the portal's, stars and quality are computed (never taken from the body), and
a call that changes nothing writes nothing (no version, no audit record).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sharik.core.choices import Sector

from ..models import Dataset, Licence, Resource, UpdateFrequency
from .catalogue import (
    dataset_create,
    dataset_update,
    format_guess,
    resource_add,
    resource_delete,
    resource_update,
)


class CkanForbidden(Exception):
    """The key may not act on this object (another entity's, or the portal's own)."""

    def __init__(self, message: str, target: str = ""):
        super().__init__(message)
        self.target = target  # the entity the attempt was aimed at, for the refusal log


VIA = "api"
# CKAN field -> Sharik field, for the plain text fields
TEXT_FIELDS = {
    "title": "title_ar",
    "title_ar": "title_ar",
    "title_en": "title_en",
    "notes": "description_ar",
    "notes_ar": "description_ar",
    "notes_en": "description_en",
    "maintainer": "contact_name",
    "maintainer_email": "contact_email",
}
EXTRA_FIELDS = {"update_frequency", "spatial_text", "temporal_start", "temporal_end"}
EXTRA_TARGETS = {"spatial_text": "spatial"}
COMPUTED_EXTRAS = {"stars", "stars_reason", "quality_score"}


def _text(value, field: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str | int | float):
        raise ValidationError({field: [_("Must be a text.")]})
    return str(value)


def _dataset_fields(data: dict, *, partial: bool, dataset: Dataset | None) -> tuple[dict, list[str] | None]:
    """The Sharik fields and tag names a CKAN package dictionary asks for.

    `partial` (package_patch): only what the body names changes. Otherwise (create, update) a field the
    body leaves out takes its default, as CKAN's package_update does.
    """
    fields: dict = {}
    for ckan_name, field in TEXT_FIELDS.items():
        if ckan_name in data:
            fields[field] = _text(data[ckan_name], ckan_name)
        elif not partial and field not in fields and ckan_name in ("notes", "maintainer", "maintainer_email"):
            fields[field] = ""
    if "license_id" in data or not partial:
        slug = data.get("license_id") or ""
        licence = Licence.objects.filter(slug=slug).first() if slug else None
        if slug and slug != "notspecified" and licence is None:
            raise ValidationError({"license_id": [_("Unknown licence: %(slug)s.") % {"slug": slug}]})
        fields["licence"] = licence
    if "groups" in data or not partial:
        groups = data.get("groups") or []
        if not isinstance(groups, list):
            raise ValidationError({"groups": [_("Must be a list.")]})
        names = [g.get("name") if isinstance(g, dict) else g for g in groups]
        sectors = [n for n in names if n in Sector.values]
        if len(sectors) != len(names):
            raise ValidationError(
                {
                    "groups": [
                        _("Unknown group; the groups are the sectors: %(s)s.")
                        % {"s": ", ".join(Sector.values)}
                    ]
                }
            )
        fields["sector"] = sectors[0] if sectors else Sector.OTHER
    extras = data.get("extras")
    if extras is not None:
        if not isinstance(extras, list) or not all(isinstance(e, dict) and "key" in e for e in extras):
            raise ValidationError({"extras": [_("Must be a list of {key, value}.")]})
        for extra in extras:
            key, value = extra["key"], extra.get("value")
            if key in COMPUTED_EXTRAS:
                continue  # computed by the portal, never accepted
            if key not in EXTRA_FIELDS:
                raise ValidationError({"extras": [_("Unknown extra: %(key)s.") % {"key": key}]})
            value = _text(value, key)
            if key in ("temporal_start", "temporal_end"):
                value = value or None
            if key == "update_frequency" and value not in UpdateFrequency.values:
                raise ValidationError({"extras": [_("Unknown update frequency: %(v)s.") % {"v": value}]})
            fields[EXTRA_TARGETS.get(key, key)] = value
    if "private" in data:
        fields["is_published"] = str(data["private"]).lower() not in ("true", "1")
    elif not partial:
        fields["is_published"] = True
    tags = None
    if "tags" in data or not partial:
        raw = data.get("tags") or []
        if isinstance(raw, str):
            raw = raw.split(",")
        if not isinstance(raw, list):
            raise ValidationError({"tags": [_("Must be a list.")]})
        tags = [_text(t.get("name") if isinstance(t, dict) else t, "tags").strip() for t in raw]
        tags = [t for t in tags if t]
    if not partial and not fields.get("title_ar") and dataset is None and "title_en" in fields:
        fields["title_ar"] = fields["title_en"]
    return fields, tags


def _check_owner(dataset: Dataset, entity) -> None:
    if dataset.entity_id != entity.pk:
        raise CkanForbidden(_("This dataset belongs to another entity."), dataset.entity.slug)
    if dataset.source in (Dataset.Source.HARVESTED, Dataset.Source.GENERATED):
        raise CkanForbidden(_("This dataset is harvested or generated by the portal; it cannot be changed."))


def _check_org(data: dict, entity) -> None:
    org = data.get("owner_org")
    if org not in (None, "") and str(org) not in (str(entity.pk), entity.slug):
        raise CkanForbidden(_("This key acts for another organization."), str(org)[:100])


def _resources_sync(*, dataset: Dataset, wanted, actor_label: str) -> None:
    """package_update with `resources`: keep those named by id (or address), add the others, drop the rest."""
    if not isinstance(wanted, list) or not all(isinstance(r, dict) for r in wanted):
        raise ValidationError({"resources": [_("Must be a list of resources.")]})
    existing = {str(r.uuid): r for r in dataset.resources.all()}
    by_url = {r.url: r for r in existing.values() if r.url}
    keep = set()
    for item in wanted:
        resource = existing.get(str(item.get("id", ""))) or by_url.get(item.get("url") or "")
        if resource is None:
            resource = resource_add(
                dataset=dataset,
                name=_text(item.get("name"), "name") or _text(item.get("url"), "url"),
                url=_text(item.get("url"), "url"),
                fmt=_text(item.get("format"), "format"),
                description=_text(item.get("description"), "description"),
                actor_label=actor_label,
                via=VIA,
            )
        else:
            resource_update(
                resource=resource,
                name=_text(item.get("name", resource.name), "name"),
                description=_text(item.get("description", resource.description), "description"),
                url=_text(item.get("url"), "url") if not resource.file else "",
                fmt=_text(item.get("format", resource.format), "format"),
                actor_label=actor_label,
                via=VIA,
            )
        keep.add(resource.pk)
    for resource in dataset.resources.exclude(pk__in=keep):
        resource_delete(resource=resource, actor_label=actor_label, via=VIA)


@transaction.atomic
def ckan_package_create(*, entity, data: dict, actor_label: str) -> Dataset:
    """package_create: a new dataset of the key's entity (owner_org, if given, must be that entity)."""
    _check_org(data, entity)
    name = _text(data.get("name"), "name")
    if not name:
        raise ValidationError({"name": [_("Missing value")]})
    if Dataset.objects.filter(name=name).exists():
        raise ValidationError({"name": [_("That URL is already in use.")]})
    fields, tags = _dataset_fields(data, partial=False, dataset=None)
    if not fields.get("title_ar"):
        fields["title_ar"] = name
    dataset = dataset_create(
        entity=entity,
        name=name,
        tags=tags,
        source=Dataset.Source.PUSHED,
        actor_label=actor_label,
        via=VIA,
        **fields,
    )
    for item in data.get("resources") or []:
        if not isinstance(item, dict):
            raise ValidationError({"resources": [_("Must be a list of resources.")]})
        resource_add(
            dataset=dataset,
            name=_text(item.get("name"), "name") or _text(item.get("url"), "url"),
            url=_text(item.get("url"), "url"),
            fmt=_text(item.get("format"), "format"),
            description=_text(item.get("description"), "description"),
            actor_label=actor_label,
            via=VIA,
        )
    return dataset


@transaction.atomic
def ckan_package_update(*, entity, dataset: Dataset, data: dict, partial: bool, actor_label: str) -> Dataset:
    """package_update (the whole dictionary) or package_patch (only the fields given)."""
    dataset = Dataset.objects.select_for_update().get(pk=dataset.pk)
    _check_owner(dataset, entity)
    _check_org(data, entity)
    if "name" in data and data["name"] != dataset.name:
        raise ValidationError({"name": [_("The short name cannot be changed; it is the dataset's address.")]})
    fields, tags = _dataset_fields(data, partial=partial, dataset=dataset)
    if "title_ar" in fields and not fields["title_ar"]:
        fields["title_ar"] = dataset.title_ar
    dataset = dataset_update(dataset=dataset, tags=tags, actor_label=actor_label, via=VIA, **fields)
    if "resources" in data:
        _resources_sync(dataset=dataset, wanted=data["resources"], actor_label=actor_label)
    dataset.refresh_from_db()
    return dataset


@transaction.atomic
def ckan_package_delete(*, entity, dataset: Dataset, actor_label: str) -> Dataset:
    """package_delete: the dataset is unpublished, nothing is lost (package_patch private=false brings it back)."""
    _check_owner(dataset, entity)
    return dataset_update(
        dataset=dataset, is_published=False, actor_label=actor_label, via=VIA, note="unpublished"
    )


@transaction.atomic
def ckan_resource_create(
    *, entity, dataset: Dataset, data: dict, content: bytes | None, filename: str, actor_label: str
) -> Resource:
    _check_owner(dataset, entity)
    url = _text(data.get("url"), "url") if content is None else ""
    name = _text(data.get("name"), "name") or filename or url
    if not name:
        raise ValidationError({"name": [_("Missing value")]})
    return resource_add(
        dataset=dataset,
        name=name,
        url=url,
        content=content,
        filename=filename,
        fmt=_text(data.get("format"), "format") or format_guess(filename or url),
        description=_text(data.get("description"), "description"),
        actor_label=actor_label,
        via=VIA,
    )


@transaction.atomic
def ckan_resource_update(
    *,
    entity,
    resource: Resource,
    data: dict,
    content: bytes | None,
    filename: str,
    partial: bool,
    actor_label: str,
) -> Resource:
    """resource_update (the whole dictionary) or resource_patch (only the fields given)."""
    _check_owner(resource.dataset, entity)

    def value(field: str, current: str) -> str:
        if field in data:
            return _text(data[field], field)
        return current if partial else ""

    url = value("url", resource.url) if content is None else ""
    if resource.file and url == resource.access_url():
        url = ""  # the dictionary read back from resource_show: the file stays
    if content is None and not url and not resource.file:
        raise ValidationError({"url": [_("Missing value")]})
    return resource_update(
        resource=resource,
        name=value("name", resource.name) or resource.name,
        description=value("description", resource.description),
        url=url,
        fmt=value("format", resource.format),
        content=content,
        filename=filename,
        actor_label=actor_label,
        via=VIA,
    )


@transaction.atomic
def ckan_resource_delete(*, entity, resource: Resource, actor_label: str) -> None:
    _check_owner(resource.dataset, entity)
    resource_delete(resource=resource, actor_label=actor_label, via=VIA)
