"""Harvest other catalogues (CKAN's API or a DCAT file) into Sharik, idempotently.

Each harvested dataset is keyed by (source, external id); a hash of what the source said tells
whether anything changed, so a second run over the same source creates and changes nothing. Every
run is recorded with its counts and per-dataset errors.
"""

import hashlib
import json
import logging

import httpx
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.text import slugify

from .. import netguard
from ..models import Dataset, HarvestRun, HarvestSource, Licence
from .catalogue import _unique_name, dataset_create, dataset_update, format_guess, resource_add

log = logging.getLogger(__name__)

HARVEST_TIMEOUT = 20.0
CKAN_PAGE = 100
CKAN_MAX_PAGES = 50
MAX_BYTES = 20 * 1024 * 1024


def _get(client: httpx.Client, url: str, **params) -> httpx.Response:
    response = client.get(url, params=params or None)
    response.raise_for_status()
    if len(response.content) > MAX_BYTES:
        raise ValueError("response too large")
    return response


def _ckan_records(client: httpx.Client, base: str):
    """Yield normalised records from a CKAN API: dicts with id, name, title, notes, tags, licence, resources."""
    endpoint = base.rstrip("/") + "/api/3/action/package_search"
    start = 0
    for _page in range(CKAN_MAX_PAGES):
        payload = _get(client, endpoint, rows=CKAN_PAGE, start=start).json()
        if not payload.get("success"):
            raise ValueError(f"CKAN said: {payload.get('error')}")
        results = payload["result"]["results"]
        for pkg in results:
            yield {
                "id": str(pkg["id"]),
                "name": pkg.get("name") or "",
                "title": pkg.get("title") or pkg.get("name") or "",
                "notes": pkg.get("notes") or "",
                "tags": [t["name"] for t in pkg.get("tags") or [] if t.get("name")],
                "license_id": pkg.get("license_id") or "",
                "url": pkg.get("url") or "",
                "modified": pkg.get("metadata_modified") or "",
                "resources": [
                    {
                        "name": r.get("name") or r.get("url", ""),
                        "url": r.get("url") or "",
                        "format": r.get("format") or "",
                    }
                    for r in pkg.get("resources") or []
                ],
            }
        start += len(results)
        if not results or start >= payload["result"].get("count", 0):
            return


def _dcat_records(client: httpx.Client, url: str):
    import rdflib
    from rdflib.namespace import DCAT, DCTERMS, RDF

    response = _get(client, url)
    kind = (
        "json-ld"
        if "json" in response.headers.get("content-type", "") or url.endswith(".jsonld")
        else "turtle"
    )
    graph = rdflib.Graph()
    graph.parse(data=response.content, format=kind)
    for subject in graph.subjects(RDF.type, DCAT.Dataset):
        identifier = graph.value(subject, DCTERMS.identifier) or subject
        resources = []
        for dist in graph.objects(subject, DCAT.distribution):
            access = graph.value(dist, DCAT.downloadURL) or graph.value(dist, DCAT.accessURL)
            fmt = graph.value(dist, DCTERMS.format)
            fmt = str(fmt).rsplit("/", 1)[-1] if fmt else format_guess(str(access or ""))
            resources.append(
                {
                    "name": str(graph.value(dist, DCTERMS.title) or access or ""),
                    "url": str(access or ""),
                    "format": fmt,
                }
            )
        licence = graph.value(subject, DCTERMS.license)
        yield {
            "id": str(identifier),
            "name": str(identifier).rstrip("/").rsplit("/", 1)[-1],
            "title": str(graph.value(subject, DCTERMS.title) or identifier),
            "notes": str(graph.value(subject, DCTERMS.description) or ""),
            "tags": sorted(str(k) for k in graph.objects(subject, DCAT.keyword)),
            "license_id": str(licence).rstrip("/").rsplit("/", 1)[-1] if licence else "",
            "url": str(subject),
            "modified": str(graph.value(subject, DCTERMS.modified) or ""),
            "resources": sorted(resources, key=lambda r: r["url"]),
        }


def _licence_for(license_id: str) -> Licence | None:
    if not license_id:
        return None
    return (
        Licence.objects.filter(slug__iexact=license_id).first()
        or Licence.objects.filter(url__icontains=license_id).first()
    )


@transaction.atomic
def _upsert(source: HarvestSource, record: dict) -> str:
    digest = hashlib.sha256(json.dumps(record, sort_keys=True).encode()).hexdigest()
    dataset = Dataset.objects.filter(harvest_source=source, external_id=record["id"]).first()
    if dataset is not None and dataset.external_hash == digest:
        return "unchanged"
    fields = {
        "title_ar": record["title"][:300],
        "title_en": record["title"][:300],
        "description_ar": record["notes"],
        "description_en": record["notes"],
        "licence": _licence_for(record["license_id"]),
        "external_url": record["url"][:500] if record["url"].startswith("http") else "",
    }
    modified = parse_datetime(record["modified"]) if record["modified"] else None
    if modified is not None and timezone.is_naive(modified):
        modified = timezone.make_aware(modified, timezone.UTC)
    if dataset is None:
        fields.pop("title_ar")
        dataset = dataset_create(
            entity=source.entity,
            title_ar=record["title"][:300],
            name=_unique_name(f"{source.entity.slug}-{slugify(record['name']) or 'dataset'}"),
            tags=record["tags"],
            source=Dataset.Source.HARVESTED,
            harvest_source=source,
            external_id=record["id"],
            via="harvest",
            **fields,
        )
        outcome = "created"
    else:
        dataset = dataset_update(
            dataset=dataset, tags=record["tags"], via="harvest", note="harvested", **fields
        )
        dataset.resources.all().delete()
        outcome = "updated"
    for res in record["resources"]:
        if res["url"].startswith(("http://", "https://")):
            resource_add(
                dataset=dataset,
                name=res["name"][:300] or res["url"][:300],
                url=res["url"],
                fmt=res["format"][:20],
                via="harvest",
            )
    Dataset.objects.filter(pk=dataset.pk).update(
        external_hash=digest, **({"data_modified_at": modified} if modified else {})
    )
    return outcome


def harvest_run(*, source: HarvestSource, timeout: float = HARVEST_TIMEOUT) -> HarvestRun:
    """Run one harvest; the run is recorded as finished whatever is raised (never left "running")."""
    run = HarvestRun.objects.create(source=source)
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    errors: list[dict] = []
    run.status = HarvestRun.Status.FAILED  # until the reader has gone through the whole source
    try:
        with netguard.client(timeout=timeout, follow_redirects=True, max_redirects=5) as client:
            reader = _ckan_records if source.kind == HarvestSource.Kind.CKAN else _dcat_records
            for record in reader(client, source.url):
                try:
                    counts[_upsert(source, record)] += 1
                except (ValidationError, ValueError, KeyError) as exc:
                    errors.append({"id": record.get("id"), "error": str(exc)[:500]})
        run.status = HarvestRun.Status.DONE_WITH_ERRORS if errors else HarvestRun.Status.DONE
    except (httpx.HTTPError, ValueError, KeyError) as exc:
        log.warning("harvest of %s failed: %s", source.url, exc)
        errors.append({"id": None, "error": f"{type(exc).__name__}: {exc}"[:500]})
    except Exception as exc:
        # A parser's own error (rdflib's JSON-LD, urllib, JSON): recorded by its kind only, so a run's
        # errors cannot serve as a probe of what the parser tried to reach.
        log.exception("harvest of %s failed", source.url)
        errors.append({"id": None, "error": f"the catalogue could not be read ({type(exc).__name__})"})
    finally:
        run.created, run.updated, run.unchanged = counts["created"], counts["updated"], counts["unchanged"]
        run.errors = errors
        run.finished_at = timezone.now()
        run.save()
    return run
