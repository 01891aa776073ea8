"""Writes on the catalogue: datasets, resources, licences, and what is computed from them.

Every change recomputes the dataset's stars, search text and quality, and records a version.
"""

import hashlib
import re
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sharik.core.audit import audit_record, model_diff, model_snapshot
from sharik.core.text import normalize_arabic, search_stems
from sharik.core.uploads import validate_data_file

from ..models import Dataset, DatasetVersion, Licence, Resource, Tag, UpdateFrequency
from ..stars import rate
from .datastore import datastore_drop, datastore_enqueue

# How long a dataset may go without an update before it is stale, per declared frequency.
STALE_AFTER = {
    UpdateFrequency.DAILY: timedelta(days=2),
    UpdateFrequency.WEEKLY: timedelta(days=10),
    UpdateFrequency.MONTHLY: timedelta(days=40),
    UpdateFrequency.QUARTERLY: timedelta(days=100),
    UpdateFrequency.ANNUAL: timedelta(days=380),
    UpdateFrequency.IRREGULAR: None,
}

# The quality score: start at 100 and take off points for each problem found (one table).
QUALITY_PENALTIES = [
    ("broken_link", 40, gettext_lazy("A resource link is broken.")),
    ("stale", 30, gettext_lazy("Not updated as often as declared.")),
    ("no_description", 10, gettext_lazy("No description.")),
    ("no_contact", 10, gettext_lazy("No contact point.")),
    ("no_open_licence", 10, gettext_lazy("No open licence.")),
]

FORMAT_BY_EXTENSION = {
    "csv": "CSV",
    "json": "JSON",
    "jsonld": "JSON-LD",
    "geojson": "GEOJSON",
    "xlsx": "XLSX",
    "xls": "XLS",
    "ods": "ODS",
    "xml": "XML",
    "rdf": "RDF/XML",
    "ttl": "TTL",
    "nt": "N-TRIPLES",
    "pdf": "PDF",
    "tsv": "TSV",
    "html": "HTML",
}
MEDIA_TYPES = {
    "CSV": "text/csv",
    "JSON": "application/json",
    "JSON-LD": "application/ld+json",
    "GEOJSON": "application/geo+json",
    "XLSX": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "XLS": "application/vnd.ms-excel",
    "XML": "application/xml",
    "RDF/XML": "application/rdf+xml",
    "TTL": "text/turtle",
    "PDF": "application/pdf",
}
RDF_PARSE_FORMATS = {
    "JSON-LD": "json-ld",
    "JSONLD": "json-ld",
    "RDF/XML": "xml",
    "RDF": "xml",
    "TTL": "turtle",
}
RDF_PARSE_LIMIT = 5 * 1024 * 1024
ARTICLE_PREFIX = re.compile(r"^(?:[وفبك]?ال|لل)(\w{3,})$")


def format_guess(filename_or_url: str) -> str:
    match = re.search(r"\.([A-Za-z0-9]+)(?:$|[?#])", filename_or_url or "")
    return FORMAT_BY_EXTENSION.get(match.group(1).lower(), match.group(1).upper()) if match else ""


def licence_ensure(*, slug: str, title_ar: str, title_en: str, url: str = "", is_open: bool, order: int = 0):
    licence, _created = Licence.objects.get_or_create(
        slug=slug,
        defaults={"title_ar": title_ar, "title_en": title_en, "url": url, "is_open": is_open, "order": order},
    )
    return licence


def _tags_set(dataset: Dataset, tags: list[str]) -> None:
    objs = []
    for name in tags:
        name = name.strip()[:100]
        if name:
            objs.append(Tag.objects.get_or_create(name=name)[0])
    dataset.tags.set(objs)


def dataset_search_text(dataset: Dataset) -> str:
    parts = []
    for lang, _name in settings.LANGUAGES:
        parts += [
            getattr(dataset, f"title_{lang}", "") or "",
            getattr(dataset, f"description_{lang}", "") or "",
        ]
    if dataset.pk:
        parts += [t.name for t in dataset.tags.all()]
    parts += [dataset.entity.name_ar or "", dataset.entity.name_en or "", dataset.name.replace("-", " ")]
    raw = " ".join(p for p in parts if p)
    text = normalize_arabic(raw)
    # Arabic writes the article and some particles joined to the word: "والمستشفيات" (and the
    # hospitals). Index each such word also as "المستشفيات" and "مستشفيات", so whole-word search finds it.
    extra = []
    for word in re.findall(r"\w+", text):
        match = ARTICLE_PREFIX.match(word)
        if match:
            extra += [match.group(1), "ال" + match.group(1)]
    extra += search_stems(raw)  # singular/plural and joined particles (sharik.core.text.search_stem)
    return f"{text} {' '.join(dict.fromkeys(extra))}".strip()


def dataset_refresh(*, dataset: Dataset, now=None) -> Dataset:
    """Recompute what is derived: stars, search text, staleness and the quality score."""
    now = now or timezone.now()
    resources = list(dataset.resources.all())
    licence_open = bool(dataset.licence and dataset.licence.is_open)
    dataset.stars = rate(
        licence_open=licence_open, resources=[(r.format, r.external_links) for r in resources]
    ).stars
    dataset.search_text = dataset_search_text(dataset)
    limit = STALE_AFTER.get(dataset.update_frequency)
    last = dataset.data_modified_at or dataset.created_at or now
    dataset.is_stale = bool(limit and now - last > limit)
    problems = {
        "broken_link": any(r.broken_since for r in resources),
        "stale": dataset.is_stale,
        "no_description": not (dataset.description_ar or dataset.description_en),
        "no_contact": not (dataset.contact_email or dataset.contact_name),
        "no_open_licence": not licence_open,
    }
    notes, score = [], 100
    for key, points, _text in QUALITY_PENALTIES:
        if problems[key]:
            score -= points
            notes.append(key)
    dataset.quality_score = max(score, 0)
    dataset.quality_notes = notes
    Dataset.objects.filter(pk=dataset.pk).update(
        stars=dataset.stars,
        search_text=dataset.search_text,
        is_stale=dataset.is_stale,
        quality_score=dataset.quality_score,
        quality_notes=notes,
    )
    return dataset


def quality_note_texts(keys: list[str]) -> list[str]:
    table = {key: str(text) for key, _points, text in QUALITY_PENALTIES}
    return [table[k] for k in keys if k in table]


def dataset_version_record(*, dataset: Dataset, note: str) -> None:
    """Record the dataset's current metadata and resources as its next version."""
    _version_record(dataset, note)


def _version_record(dataset: Dataset, note: str) -> None:
    number = (dataset.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    snapshot = model_snapshot(dataset)
    snapshot["resources"] = [
        {"name": r.name, "format": r.format, "checksum": r.checksum, "url": r.url, "file": r.file.name}
        for r in dataset.resources.all()
    ]
    snapshot["tags"] = sorted(t.name for t in dataset.tags.all())
    DatasetVersion.objects.create(dataset=dataset, number=number, note=note[:300], snapshot=snapshot)
    Dataset.objects.filter(pk=dataset.pk).update(version=number)
    dataset.version = number


def _unique_name(base: str) -> str:
    base = slugify(base)[:90] or "dataset"
    name, n = base, 2
    while Dataset.objects.filter(name=name).exists():
        name, n = f"{base}-{n}", n + 1
    return name


@transaction.atomic
def dataset_create(
    *,
    entity,
    title_ar: str,
    name: str = "",
    tags: list[str] | None = None,
    actor=None,
    actor_label: str = "",
    via: str = "web",
    record_version: bool = True,
    **fields,
) -> Dataset:
    dataset = Dataset(
        entity=entity,
        title_ar=title_ar,
        name=name or _unique_name(fields.get("title_en") or title_ar),
        **fields,
    )
    dataset.data_modified_at = dataset.data_modified_at or timezone.now()
    dataset.full_clean()
    dataset.save()
    _tags_set(dataset, tags or [])
    dataset_refresh(dataset=dataset)
    if record_version:
        _version_record(dataset, "created")
    audit_record(action="dataset.create", obj=dataset, actor=actor, actor_label=actor_label, source=via)
    return dataset


@transaction.atomic
def dataset_update(
    *,
    dataset: Dataset,
    tags: list[str] | None = None,
    actor=None,
    actor_label: str = "",
    via: str = "web",
    note: str = "metadata updated",
    record_version: bool = True,
    **fields,
) -> Dataset:
    before = model_snapshot(dataset)
    old_tags = sorted(t.name for t in dataset.tags.all())
    for key, value in fields.items():
        setattr(dataset, key, value)
    dataset.full_clean()
    changes = model_diff(dataset, before)
    tags_changed = tags is not None and sorted(t.strip() for t in tags if t.strip()) != old_tags
    if not changes and not tags_changed:
        return dataset
    dataset.save()
    if tags is not None:
        _tags_set(dataset, tags)
    dataset_refresh(dataset=dataset)
    if record_version:
        _version_record(dataset, note)
    audit_record(
        action="dataset.update",
        obj=dataset,
        actor=actor,
        actor_label=actor_label,
        source=via,
        changes=changes,
    )
    return dataset


def _external_links(content: bytes, fmt: str, own_uri: str) -> int:
    """Count the URIs of other publishers in an RDF file: the fifth star is earned, not declared."""
    parse_as = RDF_PARSE_FORMATS.get(fmt.upper())
    if not parse_as or len(content) > RDF_PARSE_LIMIT:
        return 0
    import rdflib

    graph = rdflib.Graph()
    try:
        graph.parse(data=content, format=parse_as)
    except Exception:  # noqa: BLE001 - a broken RDF file earns no link star, it must not break the upload
        return 0
    hosts = set()
    subjects = {
        str(s).split("/")[2] for s in graph.subjects() if isinstance(s, rdflib.URIRef) and "//" in str(s)
    }
    for obj in graph.objects():
        if isinstance(obj, rdflib.URIRef) and "//" in str(obj):
            host = str(obj).split("/")[2]
            if host not in subjects and not str(obj).startswith(own_uri) and host not in _VOCABULARY_HOSTS:
                hosts.add(str(obj))
    return len(hosts)


# Vocabulary namespaces are not "other data": linking to w3.org's RDF schema earns no star.
_VOCABULARY_HOSTS = {"www.w3.org", "purl.org", "xmlns.com", "schema.org", "www.schema.org"}


@transaction.atomic
def resource_add(
    *,
    dataset: Dataset,
    name: str,
    url: str = "",
    content: bytes | None = None,
    filename: str = "",
    fmt: str = "",
    description: str = "",
    actor=None,
    actor_label: str = "",
    via: str = "web",
    note: str = "",
    record_version: bool = True,
) -> Resource:
    if not url and content is None:
        raise ValidationError(_("Give a file or an address."), code="empty")
    fmt = (fmt or format_guess(filename or url)).upper()
    resource = Resource(
        dataset=dataset,
        name=name,
        description=description,
        url=url,
        format=fmt,
        media_type=MEDIA_TYPES.get(fmt, ""),
        position=dataset.resources.count(),
    )
    if content is not None:
        upload = ContentFile(content, name=filename or f"{slugify(name) or 'data'}.{fmt.lower()}")
        validate_data_file(upload)  # type, content and size, before anything is stored
        resource.file.save(upload.name, upload, save=False)
        resource.size = len(content)
        resource.checksum = hashlib.sha256(content).hexdigest()
        resource.external_links = _external_links(content, fmt, settings.SITE_URL)
    resource.full_clean()
    resource.save()
    dataset.data_modified_at = timezone.now()
    Dataset.objects.filter(pk=dataset.pk).update(data_modified_at=dataset.data_modified_at)
    dataset_refresh(dataset=dataset)
    if record_version:
        _version_record(dataset, note or f"resource added: {name}")
    audit_record(
        action="resource.add",
        obj=resource,
        actor=actor,
        actor_label=actor_label,
        source=via,
        entity=dataset.entity,
    )
    datastore_enqueue(resource=resource)
    return resource


@transaction.atomic
def resource_replace_content(*, resource: Resource, content: bytes, actor=None, via: str = "job") -> Resource:
    """Put new content into a file resource; nothing happens when the content is unchanged."""
    checksum = hashlib.sha256(content).hexdigest()
    if checksum == resource.checksum:
        return resource
    old = resource.file.name
    if old:
        resource.file.storage.delete(old)  # keep the same address: the new file takes the old name
    resource.file.save(
        old.rsplit("/", 1)[-1] if old else f"{resource.pk}.{resource.format.lower()}",
        ContentFile(content),
        save=False,
    )
    resource.size = len(content)
    resource.checksum = checksum
    resource.external_links = _external_links(content, resource.format, settings.SITE_URL)
    resource.save()
    dataset = resource.dataset
    dataset.data_modified_at = timezone.now()
    Dataset.objects.filter(pk=dataset.pk).update(data_modified_at=dataset.data_modified_at)
    dataset_refresh(dataset=dataset)
    _version_record(dataset, f"resource updated: {resource.name}")
    audit_record(action="resource.update", obj=resource, actor=actor, source=via, entity=dataset.entity)
    datastore_enqueue(resource=resource)
    return resource


@transaction.atomic
def resource_update(
    *,
    resource: Resource,
    name: str,
    description: str = "",
    url: str = "",
    fmt: str = "",
    content: bytes | None = None,
    filename: str = "",
    actor=None,
    actor_label: str = "",
    via: str = "web",
) -> Resource:
    """Change a resource's metadata, and its file when `content` is given (checked like any upload).

    Nothing is written (no version, no audit record) when nothing changes, so a repeated call is harmless.
    """
    before = model_snapshot(resource)
    fmt = (fmt or resource.format or format_guess(filename or url)).upper()
    resource.name, resource.description, resource.format = name, description, fmt
    resource.media_type = MEDIA_TYPES.get(fmt, "")
    new_file = False
    if content is not None:
        checksum = hashlib.sha256(content).hexdigest()
        if checksum != resource.checksum:
            upload = ContentFile(content, name=filename or f"{slugify(name) or 'data'}.{fmt.lower()}")
            validate_data_file(upload)
            if resource.file:
                resource.file.storage.delete(resource.file.name)
            resource.file.save(upload.name, upload, save=False)
            resource.size, resource.checksum = len(content), checksum
            resource.external_links = _external_links(content, fmt, settings.SITE_URL)
            resource.url = ""
            new_file = True
    elif url:
        if resource.file:
            resource.file.storage.delete(resource.file.name)
            resource.file = ""
            resource.size, resource.checksum, resource.external_links = None, "", 0
        resource.url = url
    resource.full_clean()
    changes = model_diff(resource, before)
    if not changes and not new_file:
        return resource
    resource.save()
    dataset = resource.dataset
    if new_file or "url" in changes:
        dataset.data_modified_at = timezone.now()
        Dataset.objects.filter(pk=dataset.pk).update(data_modified_at=dataset.data_modified_at)
    dataset_refresh(dataset=dataset)
    _version_record(dataset, f"resource updated: {resource.name}")
    audit_record(
        action="resource.update",
        obj=resource,
        actor=actor,
        actor_label=actor_label,
        source=via,
        entity=dataset.entity,
        changes=changes,
    )
    if new_file:
        datastore_enqueue(resource=resource)
    return resource


@transaction.atomic
def resource_delete(*, resource: Resource, actor=None, actor_label: str = "", via: str = "web") -> None:
    """Remove a resource from its dataset (its file too); the dataset's history keeps a version."""
    dataset = resource.dataset
    audit_record(
        action="resource.delete",
        obj=resource,
        actor=actor,
        actor_label=actor_label,
        source=via,
        entity=dataset.entity,
    )
    name = resource.name
    if resource.file:
        transaction.on_commit(
            lambda stored=resource.file.name, storage=resource.file.storage: storage.delete(stored)
        )
    resource_id = resource.pk
    resource.delete()
    transaction.on_commit(lambda: datastore_drop(resource_id=resource_id))
    dataset.data_modified_at = timezone.now()
    Dataset.objects.filter(pk=dataset.pk).update(data_modified_at=dataset.data_modified_at)
    dataset_refresh(dataset=dataset)
    _version_record(dataset, f"resource removed: {name}")


@transaction.atomic
def resource_publish_generated(
    *,
    entity,
    dataset_name: str,
    title_ar: str,
    title_en: str,
    description_ar: str,
    description_en: str,
    resource_name: str,
    filename: str,
    content: bytes,
    licence: Licence | None = None,
    tags: list[str] | None = None,
    update_frequency: str = UpdateFrequency.DAILY,
) -> Resource:
    """Publish (or update in place) a file the portal generates as a resource of a dataset.

    Used by the nightly jobs: the catalogue, the portal's statistics and, wired by the lead, the
    participation archive. Idempotent: the same content twice changes nothing.
    """
    dataset = Dataset.objects.filter(name=dataset_name).first()
    if dataset is None:
        dataset = dataset_create(
            entity=entity,
            name=dataset_name,
            title_ar=title_ar,
            title_en=title_en,
            description_ar=description_ar,
            description_en=description_en,
            licence=licence,
            tags=tags,
            update_frequency=update_frequency,
            source=Dataset.Source.GENERATED,
            via="job",
        )
    resource = (
        dataset.resources.filter(file__endswith=filename).first()
        or dataset.resources.filter(name=resource_name).first()
    )
    if resource is None:
        return resource_add(
            dataset=dataset, name=resource_name, content=content, filename=filename, via="job"
        )
    return resource_replace_content(resource=resource, content=content)
