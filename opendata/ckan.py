"""The CKAN Action API (`/api/action/<name>` and `/api/3/action/<name>`), so CKAN clients work unchanged.

GET with query parameters, or POST with a JSON, form or multipart body (CKAN's clients POST by default);
no CSRF: the API is authenticated by an entity's key in the `Authorization` header, never by a cookie.
Responses use CKAN's envelope: {"help": ..., "success": true, "result": ...}; errors are
{"help": ..., "success": false, "error": {"__type": ..., "message": ..., <field>: [...]}} with CKAN's
status codes: Not Found Error 404, Validation Error 409, Authorization Error 403.
Field names are CKAN's (name, title, notes, license_id, organization, tags, resources...).
Writes (package_*/resource_* create, update, patch, delete) go through opendata/services/ckan.py.
"""

import json
import re
from dataclasses import dataclass, field
from datetime import UTC

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, RequestDataTooBig, ValidationError
from django.db.models import Count, Q
from django.http import JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from consultations.services.archive import api_key_authenticate, api_refusal_record
from governance.models import Entity
from sharik.core.choices import Sector
from sharik.core.ratelimit import bucket_for, hit, write_rate

from . import selectors, selectors_datastore
from .models import Dataset, DatastoreTable, Licence, Resource, Tag
from .selectors_datastore import (
    DEFAULT_LIMIT as DATASTORE_DEFAULT_LIMIT,
)
from .selectors_datastore import (
    MAX_LIMIT as DATASTORE_MAX_LIMIT,
)
from .selectors_datastore import (
    RECORDS_FORMATS,
    DatastoreQueryError,
    SearchArgs,
    parse_filters,
    parse_list,
)
from .services.ckan import (
    CkanForbidden,
    ckan_package_create,
    ckan_package_delete,
    ckan_package_update,
    ckan_resource_create,
    ckan_resource_delete,
    ckan_resource_update,
)

MAX_ROWS = 1000
MAX_OFFSET = 1_000_000  # past any real catalogue; a bigger `start` is refused, not sent to the database
DEFAULT_ROWS = 10
SORT_FIELDS = {
    "metadata_modified": "updated_at",
    "metadata_created": "created_at",
    "name": "name",
    "title_string": "title",
    "title": "title",
    "score": None,
}
FQ_FIELDS = {
    "organization": "publisher",
    "owner_org": "publisher",
    "tags": "tags",
    "res_format": "format",
    "license_id": "licence",
    "groups": "sector",
}


class CkanError(Exception):
    status = 409
    kind = "Validation Error"


class NotFound(CkanError):
    status = 404
    kind = "Not Found Error"


class NotAuthorized(CkanError):
    status = 403
    kind = "Authorization Error"


class BadRequest(CkanError):
    """A body that is not JSON, or too large: CKAN answers 400 for these."""

    status = 400


@dataclass
class Call:
    """One action call: its parameters (query string or body), uploaded files, and the entity key if any."""

    request: object
    params: dict
    files: dict = field(default_factory=dict)
    key: object = None

    def get(self, name: str, default=""):
        value = self.params.get(name, default)
        return default if value is None else value

    def flag(self, name: str) -> bool:
        return str(self.get(name, "")).lower() in ("true", "1", "yes")

    def entity(self):
        """The entity the key acts for; write actions need one (CKAN: Authorization Error 403)."""
        if self.key is None:
            raise NotAuthorized(_("An entity API key is needed for this action (Authorization header)."))
        return self.key.entity


def _iso(value) -> str | None:
    # CKAN writes naive UTC timestamps with microseconds
    return value.astimezone(UTC).replace(tzinfo=None).isoformat() if value else None


def _site(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def organization_dict(entity: Entity, *, package_count: int | None = None) -> dict:
    data = {
        "id": str(entity.pk),
        "name": entity.slug,
        "title": entity.name,
        "display_name": entity.name,
        "description": entity.description,
        "image_url": _site(entity.logo.url) if entity.logo else "",
        "created": _iso(entity.created_at),
        "type": "organization",
        "state": "active" if entity.is_active else "deleted",
        "approval_status": "approved",
        "is_organization": True,
    }
    if package_count is not None:
        data["package_count"] = package_count
    return data


def licence_dict(licence: Licence) -> dict:
    return {
        "id": licence.slug,
        "title": licence.title,
        "url": licence.url,
        "od_conformance": "approved" if licence.is_open else "not reviewed",
        "osd_conformance": "not reviewed",
        "status": "active",
        "is_okd_compliant": licence.is_open,
        "is_generic": False,
    }


def _datastore_loaded(resource) -> bool:
    try:
        return resource.datastore.status == "loaded"
    except ObjectDoesNotExist:
        return False


def resource_dict(resource, position: int) -> dict:
    return {
        "id": str(resource.uuid),
        "package_id": str(resource.dataset.uuid),
        "name": resource.name,
        "description": resource.description,
        "url": resource.access_url(),
        "url_type": "upload" if resource.file else None,
        "format": resource.format,
        "mimetype": resource.media_type or None,
        "size": resource.size,
        "hash": f"sha256:{resource.checksum}" if resource.checksum else "",
        "created": _iso(resource.created_at),
        "last_modified": _iso(resource.updated_at),
        "metadata_modified": _iso(resource.updated_at),
        "position": position,
        "state": "active",
        "datastore_active": _datastore_loaded(resource),
    }


def package_dict(dataset: Dataset) -> dict:
    tags = list(dataset.tags.all())
    resources = list(dataset.resources.all())
    rating = dataset.rating()
    return {
        "id": str(dataset.uuid),
        "name": dataset.name,
        "title": dataset.title,
        "notes": dataset.description,
        "url": _site(dataset.get_absolute_url()),
        "type": "dataset",
        "state": "active" if dataset.is_published else "deleted",
        "private": False,
        "version": str(dataset.version),
        "author": dataset.entity.name,
        "author_email": None,
        "maintainer": dataset.contact_name or None,
        "maintainer_email": dataset.contact_email or None,
        "license_id": dataset.licence.slug if dataset.licence else "notspecified",
        "license_title": dataset.licence.title if dataset.licence else "License not specified",
        "license_url": dataset.licence.url if dataset.licence else "",
        "isopen": bool(dataset.licence and dataset.licence.is_open),
        "metadata_created": _iso(dataset.created_at),
        "metadata_modified": _iso(dataset.updated_at),
        "owner_org": str(dataset.entity_id),
        "organization": organization_dict(dataset.entity),
        "groups": [
            {
                "name": dataset.sector,
                "title": dataset.get_sector_display(),
                "display_name": dataset.get_sector_display(),
            }
        ],
        "tags": [
            {
                "id": str(t.pk),
                "name": t.name,
                "display_name": t.name,
                "state": "active",
                "vocabulary_id": None,
            }
            for t in tags
        ],
        "num_tags": len(tags),
        "resources": [resource_dict(r, i) for i, r in enumerate(resources)],
        "num_resources": len(resources),
        "extras": [
            {"key": "stars", "value": str(rating.stars)},
            {"key": "stars_reason", "value": rating.reason},
            {"key": "quality_score", "value": str(dataset.quality_score)},
            {"key": "update_frequency", "value": dataset.update_frequency},
            {"key": "spatial_text", "value": dataset.spatial},
            {
                "key": "temporal_start",
                "value": dataset.temporal_start.isoformat() if dataset.temporal_start else "",
            },
            {
                "key": "temporal_end",
                "value": dataset.temporal_end.isoformat() if dataset.temporal_end else "",
            },
        ],
    }


def _envelope(request, result, status=200) -> JsonResponse:
    action = (request.resolver_match.kwargs.get("action", "") if request.resolver_match else "")[:100]
    body = {
        "help": _site(reverse("ckan-action", args=["help_show"])) + f"?name={action}",
        "success": status == 200,
    }
    if status == 200:
        body["result"] = result
    else:
        body["error"] = result
    response = JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"  # public data; writes need a key, not a cookie
    return response


def _int(call: Call, name: str, default: int, maximum: int | None = None) -> int:
    raw = call.get(name, "")
    if raw == "":
        return default
    try:
        value = int(raw)
    except (TypeError, ValueError) as exc:
        raise CkanError({name: ["Invalid integer"]}) from exc
    if value < 0:
        raise CkanError({name: ["Must be a natural number"]})
    if maximum is not None:
        return min(value, maximum)
    if value > MAX_OFFSET:
        raise CkanError({name: [f"Must be at most {MAX_OFFSET}"]})
    return value


def _published():
    return (
        Dataset.objects.published().select_related("entity", "licence").prefetch_related("tags", "resources")
    )


def _visible(call: Call):
    """The published datasets, and the key's own entity's unpublished ones (shown as state "deleted")."""
    qs = Dataset.objects.select_related("entity", "licence").prefetch_related("tags", "resources")
    if call.key is not None:
        return qs.filter(Q(is_published=True) | Q(entity=call.key.entity))
    return qs.filter(is_published=True)


def _ref(call: Call, *names: str) -> str:
    for name in names:
        value = call.get(name)
        if value not in ("", None):
            return str(value)
    raise CkanError({names[0]: ["Missing value"]})


def _uuid_or_none(ref: str) -> str | None:
    return (
        ref
        if re.fullmatch(
            r"[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}", ref
        )
        else None
    )


def _package_lookup(call: Call, *names: str) -> Dataset:
    ref = _ref(call, *(names or ("id", "name_or_id", "name")))
    query = Q(name=ref)
    if _uuid_or_none(ref):
        query |= Q(uuid=ref)
    dataset = _visible(call).filter(query).first()
    if dataset is None:
        raise NotFound(_("Not found") + f": {ref[:100]}")
    return dataset


def _resource_lookup(call: Call) -> Resource:
    ref = _ref(call, "id")
    resource = None
    if _uuid_or_none(ref):
        resource = (
            Resource.objects.select_related("dataset", "dataset__entity")
            .filter(uuid=ref, dataset__in=_visible(call))
            .first()
        )
    if resource is None:
        raise NotFound(_("Not found") + f": {ref[:100]}")
    return resource


def _parse_fq(fq: str) -> dict[str, list[str]]:
    """CKAN's `fq` (Solr filter query), the common subset: field:value and field:"quoted value" terms."""
    filters: dict[str, list[str]] = {}
    for field_name, quoted, bare in re.findall(r'([\w-]+):(?:"([^"]*)"|(\S+))', fq or ""):
        key = FQ_FIELDS.get(field_name)
        if key is None:
            raise CkanError({"fq": [f"Unsupported filter field: {field_name[:50]}"]})
        value = quoted or bare
        if key == "publisher" and value.isdigit():
            value = Entity.objects.filter(pk=int(value)).values_list("slug", flat=True).first() or value
        filters.setdefault(key, []).append(value)
    return filters


def _sort(sort: str) -> list[str] | None:
    if not sort:
        return None
    order = []
    for part in str(sort).split(","):
        bits = part.strip().split()
        if not bits:
            continue
        if bits[0] not in SORT_FIELDS:
            raise CkanError({"sort": [f"Unsupported sort field: {bits[0][:50]}"]})
        sort_field = SORT_FIELDS[bits[0]]
        if sort_field is None:
            continue
        direction = bits[1].lower() if len(bits) > 1 else "asc"
        order.append(f"-{sort_field}" if direction == "desc" else sort_field)
    return order + ["pk"] if order else None


def package_list(call: Call):
    """The names of all public datasets (limit, offset)."""
    limit = _int(call, "limit", 0, MAX_ROWS)
    offset = _int(call, "offset", 0)
    names = Dataset.objects.published().order_by("name").values_list("name", flat=True)
    names = names[offset : offset + limit] if limit else names[offset:]
    return list(names)


def package_show(call: Call):
    """One dataset by name or id, with its organization, tags and resources."""
    return package_dict(_package_lookup(call))


def resource_show(call: Call):
    """One resource by id."""
    resource = _resource_lookup(call)
    ids = list(resource.dataset.resources.values_list("pk", flat=True))
    return resource_dict(resource, ids.index(resource.pk))


def _split_q(q: str) -> tuple[str, str]:
    """CKAN clients also put filters in `q` ("tags:health budget"): move known field:value terms to fq."""
    fields = "|".join(re.escape(f) for f in FQ_FIELDS)
    pattern = re.compile(rf'\b(?:{fields}):(?:"[^"]*"|\S+)')
    fq = " ".join(pattern.findall(q))
    return pattern.sub(" ", q).strip(), fq


FACET_FIELDS = {"organization": "publisher", "tags": "tags", "res_format": "format", "license_id": "licence"}


def _facet_fields(call: Call) -> list[str]:
    raw = call.get("facet.field", "")
    if raw in ("", None):
        return list(FACET_FIELDS)
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError as exc:
            raise CkanError({"facet.field": ["Must be a JSON list"]}) from exc
    if not isinstance(raw, list) or not all(isinstance(f, str) for f in raw):
        raise CkanError({"facet.field": ["Must be a JSON list"]})
    unknown = [f for f in raw if f not in FACET_FIELDS]
    if unknown:
        raise CkanError({"facet.field": [f"Unsupported facet field: {unknown[0][:50]}"]})
    return raw


def package_search(call: Call):
    """Search datasets: q (words, or field:value), fq, rows, start, sort ("name asc"), facet.field, facet.limit."""
    rows = _int(call, "rows", DEFAULT_ROWS, MAX_ROWS)
    start = _int(call, "start", 0)
    facet_limit = _int(call, "facet.limit", 50, MAX_ROWS)
    q, fq_in_q = _split_q(str(call.get("q", "")))
    if q.strip() in ("*:*", "*"):
        q = ""
    filters = _parse_fq(f"{call.get('fq', '')} {fq_in_q}")
    facet_fields = _facet_fields(call)
    result = selectors.dataset_browse(q=q, filters=filters)
    qs = result.datasets
    order = _sort(call.get("sort", ""))
    if order:
        qs = qs.order_by(*order)
    count = qs.count()
    page = list(
        qs.select_related("entity", "licence").prefetch_related("tags", "resources")[start : start + rows]
    )
    search_facets = {
        ckan: {
            "title": ckan,
            "items": [
                {"name": value, "display_name": label, "count": n}
                for value, label, n in result.facets[FACET_FIELDS[ckan]][:facet_limit]
            ],
        }
        for ckan in facet_fields
    }
    return {
        "count": count,
        "sort": call.get("sort") or "score desc, metadata_modified desc",
        "facets": {
            ckan: {i["name"]: i["count"] for i in data["items"]} for ckan, data in search_facets.items()
        },
        "search_facets": search_facets,
        "results": [package_dict(d) for d in page],
    }


def package_autocomplete(call: Call):
    """Datasets whose name or title contains `q` (limit, at most 10 by default), as CKAN's search box uses."""
    q = str(call.get("q", "")).strip()
    limit = _int(call, "limit", 10, 100)
    if not q:
        return []
    found = (
        Dataset.objects.published()
        .filter(Q(name__icontains=q) | Q(title_ar__icontains=q) | Q(title_en__icontains=q))
        .order_by("name")[:limit]
    )
    out = []
    for dataset in found:
        in_name = q.lower() in dataset.name.lower()
        out.append(
            {
                "name": dataset.name,
                "title": dataset.title,
                "match_field": "name" if in_name else "title",
                "match_displayed": dataset.name if in_name else dataset.title,
            }
        )
    return out


def _organisations():
    return (
        Entity.objects.active()
        .annotate(n=Count("datasets", filter=Q(datasets__is_published=True), distinct=True))
        .order_by("slug")
    )


def organization_list(call: Call):
    """The publishing entities (all_fields, limit, offset)."""
    orgs = _organisations()
    limit = _int(call, "limit", 0, MAX_ROWS)
    offset = _int(call, "offset", 0)
    orgs = orgs[offset : offset + limit] if limit else orgs[offset:]
    if call.flag("all_fields"):
        return [organization_dict(e, package_count=e.n) for e in orgs]
    return [e.slug for e in orgs]


def organization_show(call: Call):
    """One entity by name or id (include_datasets)."""
    ref = _ref(call, "id")
    query = Q(slug=ref) | (Q(pk=int(ref)) if ref.isdigit() and len(ref) < 10 else Q())
    entity = _organisations().filter(query).first()
    if entity is None:
        raise NotFound(_("Not found") + f": {ref[:100]}")
    data = organization_dict(entity, package_count=entity.n)
    if call.flag("include_datasets"):
        data["packages"] = [package_dict(d) for d in _published().filter(entity=entity)[:MAX_ROWS]]
    return data


def tag_list(call: Call):
    """The tags used by public datasets (query, all_fields)."""
    tags = Tag.objects.filter(datasets__is_published=True).distinct().order_by("name")
    if call.get("query"):
        tags = tags.filter(name__icontains=str(call.get("query")))
    if call.flag("all_fields"):
        return [
            {"id": str(t.pk), "name": t.name, "display_name": t.name, "vocabulary_id": None} for t in tags
        ]
    return [t.name for t in tags]


def license_list(call: Call):
    """The licences, each marked open or not."""
    return [licence_dict(lic) for lic in Licence.objects.all()]


def current_package_list_with_resources(call: Call):
    """The most recently modified datasets with their resources (limit, offset), as harvesters use."""
    limit = _int(call, "limit", DEFAULT_ROWS, MAX_ROWS)
    offset = _int(call, "offset", 0)
    page = _published().order_by("-updated_at", "pk")[offset : offset + limit]
    return [package_dict(d) for d in page]


def _group_dict(value: str, label, count: int) -> dict:
    return {
        "id": value,
        "name": value,
        "title": str(label),
        "display_name": str(label),
        "description": "",
        "type": "group",
        "state": "active",
        "is_organization": False,
        "package_count": count,
    }


def _group_counts() -> dict[str, int]:
    rows = Dataset.objects.published().values("sector").annotate(n=Count("pk"))
    return {row["sector"]: row["n"] for row in rows}


def group_list(call: Call):
    """The sectors, which play the part of CKAN groups (all_fields)."""
    counts = _group_counts()
    if call.flag("all_fields"):
        return [_group_dict(v, label, counts[v]) for v, label in Sector.choices if v in counts]
    return [v for v, _label in Sector.choices if v in counts]


def group_show(call: Call):
    """One sector as a CKAN group (include_datasets)."""
    ref = _ref(call, "id")
    labels = dict(Sector.choices)
    if ref not in labels:
        raise NotFound(_("Not found") + f": {ref[:100]}")
    data = _group_dict(ref, labels[ref], _group_counts().get(ref, 0))
    if call.flag("include_datasets"):
        data["packages"] = [package_dict(d) for d in _published().filter(sector=ref)[:MAX_ROWS]]
    return data


def status_show(call: Call):
    """About this CKAN-compatible API."""
    return {
        "site_title": "Sharik",
        "site_description": "",
        "site_url": settings.SITE_URL,
        "ckan_version": "2.10.0",
        "api_version": 3,
        "extensions": ["sharik"],
        "locale_default": settings.LANGUAGE_CODE,
    }


def site_read(call: Call):
    """Whether the site may be read: always true here."""
    return True


def help_show(call: Call):
    name = str(call.get("name", ""))
    if name not in ACTIONS:
        raise NotFound(_("Not found"))
    return (ACTIONS[name].__doc__ or f"CKAN action {name}").strip()


# --- Writes (an entity's key; the entity is the CKAN organization) -----------------------------------


def _upload(call: Call) -> tuple[bytes | None, str]:
    upload = call.files.get("upload")
    if upload is None:
        return None, ""
    if upload.size > settings.MAX_DOCUMENT_UPLOAD_BYTES:
        limit = settings.MAX_DOCUMENT_UPLOAD_BYTES / (1024 * 1024)
        raise CkanError({"upload": [_("The file is too large (at most %(mb)s MB).") % {"mb": f"{limit:g}"}]})
    return upload.read(), upload.name or ""


def package_create(call: Call):
    """Create a dataset of the key's entity: name, title, notes, license_id, tags, groups, extras, resources."""
    dataset = ckan_package_create(entity=call.entity(), data=call.params, actor_label=call.key.label)
    return package_dict(_visible(call).get(pk=dataset.pk))


def _write_package(call: Call, *, partial: bool):
    entity = call.entity()
    dataset = _package_lookup(call)
    dataset = ckan_package_update(
        entity=entity, dataset=dataset, data=call.params, partial=partial, actor_label=call.key.label
    )
    return package_dict(_visible(call).get(pk=dataset.pk))


def package_update(call: Call):
    """Replace a dataset's metadata (fields left out take their defaults; resources, if given, are synced)."""
    return _write_package(call, partial=False)


def package_patch(call: Call):
    """Change only the fields given."""
    return _write_package(call, partial=True)


def package_delete(call: Call):
    """Unpublish a dataset (nothing is lost; package_patch with private=false publishes it again)."""
    entity = call.entity()
    ckan_package_delete(entity=entity, dataset=_package_lookup(call), actor_label=call.key.label)
    return None


def resource_create(call: Call):
    """Add a resource to a dataset: package_id, name, url or an uploaded file (multipart field `upload`)."""
    entity = call.entity()
    dataset = _package_lookup(call, "package_id")
    content, filename = _upload(call)
    resource = ckan_resource_create(
        entity=entity,
        dataset=dataset,
        data=call.params,
        content=content,
        filename=filename,
        actor_label=call.key.label,
    )
    return resource_dict(resource, list(dataset.resources.values_list("pk", flat=True)).index(resource.pk))


def _write_resource(call: Call, *, partial: bool):
    entity = call.entity()
    resource = _resource_lookup(call)
    content, filename = _upload(call)
    resource = ckan_resource_update(
        entity=entity,
        resource=resource,
        data=call.params,
        content=content,
        filename=filename,
        partial=partial,
        actor_label=call.key.label,
    )
    ids = list(resource.dataset.resources.values_list("pk", flat=True))
    return resource_dict(resource, ids.index(resource.pk))


def resource_update(call: Call):
    """Replace a resource's metadata, and its file when one is uploaded."""
    return _write_resource(call, partial=False)


def resource_patch(call: Call):
    """Change only the resource fields given (or its file)."""
    return _write_resource(call, partial=True)


def resource_delete(call: Call):
    """Remove a resource from its dataset."""
    entity = call.entity()
    ckan_resource_delete(entity=entity, resource=_resource_lookup(call), actor_label=call.key.label)
    return None


# --- Datastore --------------------------------------------------------------------------------------


def _datastore_table(call: Call):
    resource = _resource_lookup(
        Call(request=call.request, params={"id": call.get("resource_id")}, key=call.key)
    )
    table = DatastoreTable.objects.filter(resource=resource, status=DatastoreTable.Status.LOADED).first()
    if table is None:
        raise NotFound(_('Resource "%(id)s" was not found in the datastore.') % {"id": resource.uuid})
    table.resource = resource
    return table


def _datastore_errors(exc: DatastoreQueryError) -> CkanError:
    return CkanError({exc.field: [str(exc)]})


def datastore_search(call: Call):
    """Rows of a loaded resource: resource_id, q, filters, fields, sort, limit, offset, distinct,
    include_total, records_format (objects, lists, csv, tsv)."""
    table = _datastore_table(call)
    fmt = str(call.get("records_format", "objects") or "objects")
    if fmt not in RECORDS_FORMATS:
        raise CkanError({"records_format": [f"must be one of {', '.join(RECORDS_FORMATS)}"]})
    try:
        args = SearchArgs(
            q=str(call.get("q", "") or ""),
            filters=parse_filters(call.get("filters", None)),
            fields=parse_list(call.get("fields", None), "fields"),
            sort=str(call.get("sort", "") or ""),
            limit=_int(call, "limit", DATASTORE_DEFAULT_LIMIT, DATASTORE_MAX_LIMIT),
            offset=_int(call, "offset", 0),
            distinct=call.flag("distinct"),
            include_total=str(call.get("include_total", "true")).lower() not in ("false", "0"),
            records_format=fmt,
        )
        return selectors_datastore.datastore_search(table=table, args=args)
    except DatastoreQueryError as exc:
        raise _datastore_errors(exc) from exc


def datastore_info(call: Call):
    """The data dictionary of a loaded resource (column names and types) and its row count."""
    params = dict(call.params)
    params.setdefault("resource_id", params.get("id"))
    table = _datastore_table(Call(request=call.request, params=params, key=call.key))
    return selectors_datastore.datastore_info(table=table)


ACTIONS = {
    "datastore_search": datastore_search,
    "datastore_info": datastore_info,
    "package_list": package_list,
    "package_show": package_show,
    "package_search": package_search,
    "package_autocomplete": package_autocomplete,
    "resource_show": resource_show,
    "organization_list": organization_list,
    "organization_show": organization_show,
    "group_list": group_list,
    "group_show": group_show,
    "tag_list": tag_list,
    "license_list": license_list,
    "current_package_list_with_resources": current_package_list_with_resources,
    "status_show": status_show,
    "site_read": site_read,
    "help_show": help_show,
    "package_create": package_create,
    "package_update": package_update,
    "package_patch": package_patch,
    "package_delete": package_delete,
    "resource_create": resource_create,
    "resource_update": resource_update,
    "resource_patch": resource_patch,
    "resource_delete": resource_delete,
}


WRITE_ACTIONS = {name for name in ACTIONS if name.endswith(("_create", "_update", "_patch", "_delete"))}


def _params(request) -> dict:
    """The call's parameters: the query string, then a JSON body or a form body over it.

    A NUL character is refused here, once for every action (PostgreSQL cannot store or compare it)."""
    params = {k: request.GET.get(k) for k in request.GET}
    if request.method == "POST":
        content_type = request.content_type or ""
        if content_type in ("multipart/form-data", "application/x-www-form-urlencoded"):
            params.update({k: request.POST.get(k) for k in request.POST})
        elif request.body.strip():
            try:
                data = json.loads(request.body)
            except (ValueError, RecursionError) as exc:
                raise BadRequest(_("Bad request - JSON Error: the body is not a JSON object.")) from exc
            if not isinstance(data, dict):
                raise BadRequest(_("Bad request - JSON Error: the body is not a JSON object."))
            params.update(data)
    if "\\u0000" in json.dumps(params, default=str):  # json writes NUL as \u0000
        raise BadRequest(_("Bad request - a parameter holds a NUL character."))
    return params


def _key(request):
    """The entity key of the call: `Authorization: <key>` as CKAN's clients send it (or `Bearer <key>`,
    or CKAN's older `X-CKAN-API-Key`). A key that is not valid is refused, not ignored."""
    raw = (request.headers.get("Authorization") or request.headers.get("X-CKAN-API-Key") or "").strip()
    if raw.lower().startswith("bearer "):
        raw = raw[7:].strip()
    if not raw:
        return None
    key = api_key_authenticate(raw_key=raw)
    if key is None:
        raise NotAuthorized(_("The API key is not valid or has been revoked."))
    return key


def _error_body(exc: CkanError) -> dict:
    detail = exc.args[0] if exc.args else ""
    error = {"__type": exc.kind}
    if isinstance(detail, dict):
        error["message"] = _("Validation Error") if exc.kind == "Validation Error" else exc.kind
        error.update({k: [str(m) for m in v] if isinstance(v, list) else str(v) for k, v in detail.items()})
    else:
        error["message"] = str(detail)
    return error


@csrf_exempt
@write_rate("RATELIMIT_CKAN")
def action(request, action: str):
    """Every action, GET or POST; POSTs are counted by the write-rate middleware, GETs here, one bucket."""
    if request.method not in ("GET", "POST", "HEAD"):
        response = _envelope(request, {"__type": "Validation Error", "message": _("Use GET or POST.")}, 405)
        response["Allow"] = "GET, POST"
        return response
    if request.method != "POST" and settings.RATELIMIT_ENABLED:
        retry_after = hit(bucket=bucket_for(request), rate=settings.RATELIMIT_CKAN, scope="RATELIMIT_CKAN")
        if retry_after:
            response = _envelope(
                request, {"__type": "Throttled", "message": _("Too many requests; try again later.")}, 429
            )
            response["Retry-After"] = str(retry_after)
            return response
    handler = ACTIONS.get(action)
    if handler is None:
        message = "Bad request - Action name not known: " + action[:100]
        return _envelope(request, {"__type": "Bad Request", "message": message}, 400)
    if action in WRITE_ACTIONS and request.method != "POST":
        message = f"Bad request - Action {action} is not available via GET"
        return _envelope(request, {"__type": "Bad Request", "message": message}, 400)
    try:
        call = Call(request=request, params=_params(request), files=request.FILES, key=_key(request))
        return _envelope(request, handler(call))
    except RequestDataTooBig:
        return _envelope(request, _error_body(BadRequest(_("The body is too large."))), 400)
    except CkanForbidden as exc:
        target = f"{action} {str(call.get('id', '') or call.get('name', ''))[:100]}"
        api_refusal_record(key=call.key, entity_slug=exc.target, action=target)
        return _envelope(request, _error_body(NotAuthorized(str(exc))), 403)
    except ValidationError as exc:
        errors = exc.message_dict if hasattr(exc, "error_dict") else {"message": exc.messages}
        body = {"__type": "Validation Error", "message": _("Validation Error")}
        body.update({k: [str(m) for m in v] for k, v in errors.items() if k != "message"})
        if "message" in errors:
            body["message"] = " ".join(str(m) for m in errors["message"])
        return _envelope(request, body, 409)
    except CkanError as exc:
        return _envelope(request, _error_body(exc), exc.status)
