"""A CKAN-compatible read API (`/api/3/action/<action>`), so CKAN clients and harvesters work unchanged.

Responses use CKAN's envelope: {"help": ..., "success": true, "result": ...}; errors are
{"help": ..., "success": false, "error": {"__type": ..., "message": ...}} with CKAN's status codes.
Field names are CKAN's (name, title, notes, license_id, organization, tags, resources...).
"""

import re
from datetime import UTC

from django.conf import settings
from django.db.models import Count, Q
from django.http import JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from governance.models import Entity

from . import selectors
from .models import Dataset, Licence, Tag

MAX_ROWS = 1000
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
    status = 400
    kind = "Validation Error"


class NotFound(CkanError):
    status = 404
    kind = "Not Found Error"


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
        "state": "active",
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
    action = request.resolver_match.kwargs.get("action", "")
    body = {
        "help": _site(reverse("ckan-action", args=["help_show"])) + f"?name={action}",
        "success": status == 200,
    }
    if status == 200:
        body["result"] = result
    else:
        body["error"] = result
    response = JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"  # public, read-only data
    return response


def _int(request, name: str, default: int, maximum: int | None = None) -> int:
    raw = request.GET.get(name, "")
    if raw == "":
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise CkanError({name: ["Invalid integer"]}) from exc
    if value < 0:
        raise CkanError({name: ["Must be a natural number"]})
    return min(value, maximum) if maximum is not None else value


def _published():
    return (
        Dataset.objects.published().select_related("entity", "licence").prefetch_related("tags", "resources")
    )


def _package_lookup(request) -> Dataset:
    ref = request.GET.get("id") or request.GET.get("name_or_id") or ""
    if not ref:
        raise CkanError({"id": ["Missing value"]})
    query = Q(name=ref)
    if re.fullmatch(r"[0-9a-fA-F-]{36}", ref):
        query |= Q(uuid=ref)
    dataset = _published().filter(query).first()
    if dataset is None:
        raise NotFound("Not found")
    return dataset


def _parse_fq(fq: str) -> dict[str, list[str]]:
    """CKAN's `fq` (Solr filter query), the common subset: field:value and field:"quoted value" terms."""
    filters: dict[str, list[str]] = {}
    for field, quoted, bare in re.findall(r'([\w-]+):(?:"([^"]*)"|(\S+))', fq or ""):
        key = FQ_FIELDS.get(field)
        if key is None:
            raise CkanError({"fq": [f"Unsupported filter field: {field}"]})
        value = quoted or bare
        if key == "publisher" and value.isdigit():
            value = Entity.objects.filter(pk=int(value)).values_list("slug", flat=True).first() or value
        filters.setdefault(key, []).append(value)
    return filters


def _sort(sort: str) -> list[str] | None:
    if not sort:
        return None
    order = []
    for part in sort.split(","):
        bits = part.strip().split()
        if not bits:
            continue
        field = SORT_FIELDS.get(bits[0])
        if bits[0] not in SORT_FIELDS:
            raise CkanError({"sort": [f"Unsupported sort field: {bits[0]}"]})
        if field is None:
            continue
        direction = bits[1].lower() if len(bits) > 1 else "asc"
        order.append(f"-{field}" if direction == "desc" else field)
    return order + ["pk"] if order else None


def package_list(request):
    """The names of all public datasets (limit, offset)."""
    limit = _int(request, "limit", 0, MAX_ROWS)
    offset = _int(request, "offset", 0)
    names = Dataset.objects.published().order_by("name").values_list("name", flat=True)
    names = names[offset : offset + limit] if limit else names[offset:]
    return list(names)


def package_show(request):
    """One dataset by name or id, with its organization, tags and resources."""
    return package_dict(_package_lookup(request))


def _split_q(q: str) -> tuple[str, str]:
    """CKAN clients also put filters in `q` ("tags:health budget"): move known field:value terms to fq."""
    fields = "|".join(re.escape(f) for f in FQ_FIELDS)
    pattern = re.compile(rf'\b(?:{fields}):(?:"[^"]*"|\S+)')
    fq = " ".join(pattern.findall(q))
    return pattern.sub(" ", q).strip(), fq


def package_search(request):
    """Search datasets: q (words, or field:value), fq, rows, start, sort ("name asc", "metadata_modified desc")."""
    rows = _int(request, "rows", DEFAULT_ROWS, MAX_ROWS)
    start = _int(request, "start", 0)
    q, fq_in_q = _split_q(request.GET.get("q", ""))
    if q.strip() in ("*:*", "*"):
        q = ""
    filters = _parse_fq(f"{request.GET.get('fq', '')} {fq_in_q}")
    result = selectors.dataset_browse(q=q, filters=filters)
    qs = result.datasets
    order = _sort(request.GET.get("sort", ""))
    if order:
        qs = qs.order_by(*order)
    count = qs.count()
    page = list(
        qs.select_related("entity", "licence").prefetch_related("tags", "resources")[start : start + rows]
    )
    facet_fields = {
        "publisher": "organization",
        "tags": "tags",
        "format": "res_format",
        "licence": "license_id",
    }
    search_facets = {
        ckan: {
            "title": ckan,
            "items": [
                {"name": value, "display_name": label, "count": n} for value, label, n in result.facets[key]
            ],
        }
        for key, ckan in facet_fields.items()
    }
    return {
        "count": count,
        "sort": request.GET.get("sort") or "score desc, metadata_modified desc",
        "facets": {
            ckan: {i["name"]: i["count"] for i in data["items"]} for ckan, data in search_facets.items()
        },
        "search_facets": search_facets,
        "results": [package_dict(d) for d in page],
    }


def _organisations():
    return (
        Entity.objects.active()
        .annotate(n=Count("datasets", filter=Q(datasets__is_published=True), distinct=True))
        .order_by("slug")
    )


def organization_list(request):
    """The publishing entities (all_fields, limit, offset)."""
    orgs = _organisations()
    limit = _int(request, "limit", 0, MAX_ROWS)
    offset = _int(request, "offset", 0)
    orgs = orgs[offset : offset + limit] if limit else orgs[offset:]
    if request.GET.get("all_fields", "").lower() in ("true", "1"):
        return [organization_dict(e, package_count=e.n) for e in orgs]
    return [e.slug for e in orgs]


def organization_show(request):
    """One entity by name or id (include_datasets)."""
    ref = request.GET.get("id", "")
    if not ref:
        raise CkanError({"id": ["Missing value"]})
    query = Q(slug=ref) | (Q(pk=int(ref)) if ref.isdigit() else Q())
    entity = _organisations().filter(query).first()
    if entity is None:
        raise NotFound("Not found")
    data = organization_dict(entity, package_count=entity.n)
    if request.GET.get("include_datasets", "").lower() in ("true", "1"):
        data["packages"] = [package_dict(d) for d in _published().filter(entity=entity)[:MAX_ROWS]]
    return data


def tag_list(request):
    """The tags used by public datasets (query, all_fields)."""
    tags = Tag.objects.filter(datasets__is_published=True).distinct().order_by("name")
    if request.GET.get("query"):
        tags = tags.filter(name__icontains=request.GET["query"])
    if request.GET.get("all_fields", "").lower() in ("true", "1"):
        return [
            {"id": str(t.pk), "name": t.name, "display_name": t.name, "vocabulary_id": None} for t in tags
        ]
    return [t.name for t in tags]


def license_list(request):
    """The licences, each marked open or not."""
    return [licence_dict(lic) for lic in Licence.objects.all()]


def current_package_list_with_resources(request):
    """The most recently modified datasets with their resources (limit, offset), as harvesters use."""
    limit = _int(request, "limit", DEFAULT_ROWS, MAX_ROWS)
    offset = _int(request, "offset", 0)
    page = _published().order_by("-updated_at", "pk")[offset : offset + limit]
    return [package_dict(d) for d in page]


def group_list(request):
    """The sectors, which play the part of CKAN groups."""
    from sharik.core.choices import Sector

    used = set(Dataset.objects.published().values_list("sector", flat=True))
    if request.GET.get("all_fields", "").lower() in ("true", "1"):
        return [
            {"name": v, "title": str(label), "display_name": str(label)}
            for v, label in Sector.choices
            if v in used
        ]
    return [v for v, _label in Sector.choices if v in used]


def status_show(request):
    """About this CKAN-compatible API."""
    return {
        "site_title": "Sharik",
        "site_url": settings.SITE_URL,
        "ckan_version": "2.10.0",
        "api_version": 3,
        "extensions": ["sharik"],
        "locale_default": settings.LANGUAGE_CODE,
    }


def help_show(request):
    name = request.GET.get("name", "")
    if name not in ACTIONS:
        raise NotFound("Not found")
    return (ACTIONS[name].__doc__ or f"CKAN action {name}").strip()


ACTIONS = {
    "package_list": package_list,
    "package_show": package_show,
    "package_search": package_search,
    "organization_list": organization_list,
    "organization_show": organization_show,
    "tag_list": tag_list,
    "license_list": license_list,
    "current_package_list_with_resources": current_package_list_with_resources,
    "group_list": group_list,
    "status_show": status_show,
    "help_show": help_show,
}


@require_GET
def action(request, action: str):
    handler = ACTIONS.get(action)
    if handler is None:
        return _envelope(
            request, {"__type": "Not Found Error", "message": "Action name not known: " + action}, 400
        )
    try:
        return _envelope(request, handler(request))
    except CkanError as exc:
        detail = exc.args[0] if exc.args else ""
        error = {"__type": exc.kind}
        if isinstance(detail, dict):
            error.update(detail)
        else:
            error["message"] = str(detail)
        return _envelope(request, error, exc.status)
