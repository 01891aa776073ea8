"""Bulk exports: the whole catalogue as CSV and JSON, and the portal's own statistics.

The nightly job publishes both as datasets of the portal itself (`portal_datasets_publish`); the
participation archive will be published the same way through `resource_publish_generated`.
"""

import io
import json

from django.conf import settings
from django.db.models import Count, Sum

from sharik.core import csvsafe

from .models import Dataset, DatasetRequest, DatasetUsageDay, Licence

CATALOGUE_COLUMNS = [
    "name",
    "title_ar",
    "title_en",
    "publisher",
    "sector",
    "licence",
    "open_licence",
    "stars",
    "quality_score",
    "update_frequency",
    "formats",
    "tags",
    "created",
    "data_modified",
    "url",
]


def catalogue_rows(*, include_generated: bool = True) -> list[dict]:
    rows = []
    qs = Dataset.objects.published().select_related("entity", "licence").prefetch_related("tags", "resources")
    if not include_generated:  # the nightly file must not describe itself, or it would never settle
        qs = qs.exclude(source=Dataset.Source.GENERATED)
    for d in qs.order_by("name"):
        rows.append(
            {
                "name": d.name,
                "title_ar": d.title_ar or "",
                "title_en": d.title_en or "",
                "publisher": d.entity.slug,
                "sector": d.sector,
                "licence": d.licence.slug if d.licence else "",
                "open_licence": bool(d.licence and d.licence.is_open),
                "stars": d.stars,
                "quality_score": d.quality_score,
                "update_frequency": d.update_frequency,
                "formats": " ".join(sorted({r.format for r in d.resources.all() if r.format})),
                "tags": " ".join(sorted(t.name for t in d.tags.all())),
                "created": d.created_at.isoformat(),
                "data_modified": d.data_modified_at.isoformat() if d.data_modified_at else "",
                "url": settings.SITE_URL.rstrip("/") + d.get_absolute_url(),
            }
        )
    return rows


def to_csv(rows: list[dict], columns: list[str]) -> bytes:
    out = io.StringIO()
    writer = csvsafe.DictWriter(out, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # BOM: spreadsheets then read Arabic correctly


def to_json(rows: list[dict]) -> bytes:
    return json.dumps(rows, ensure_ascii=False, indent=1).encode("utf-8")


STATISTICS_COLUMNS = [
    "entity",
    "datasets",
    "views",
    "downloads",
    "dataset_requests",
    "consultations",
    "comments",
]


def portal_statistics_rows() -> list[dict]:
    """Per entity: open data and participation figures (aggregates only, nothing personal)."""
    from consultations.models import Comment, Consultation
    from governance.models import Entity

    # the portal's own generated datasets are left out, so that publishing them changes no figure
    datasets = dict(
        Dataset.objects.published()
        .exclude(source=Dataset.Source.GENERATED)
        .values_list("entity")
        .annotate(n=Count("pk"))
        .values_list("entity", "n")
    )
    usage = {
        row["dataset__entity"]: row
        for row in DatasetUsageDay.objects.values("dataset__entity").annotate(
            v=Sum("views"), d=Sum("downloads")
        )
    }
    requests = dict(
        DatasetRequest.objects.values_list("entity").annotate(n=Count("pk")).values_list("entity", "n")
    )
    consultations = dict(
        Consultation.objects.public().values_list("entity").annotate(n=Count("pk")).values_list("entity", "n")
    )
    comments = dict(
        Comment.objects.filter(is_hidden=False)
        .values_list("consultation__entity")
        .annotate(n=Count("pk"))
        .values_list("consultation__entity", "n")
    )
    rows = []
    for entity in Entity.objects.active().order_by("slug"):
        rows.append(
            {
                "entity": entity.slug,
                "datasets": datasets.get(entity.pk, 0),
                "views": (usage.get(entity.pk) or {}).get("v") or 0,
                "downloads": (usage.get(entity.pk) or {}).get("d") or 0,
                "dataset_requests": requests.get(entity.pk, 0),
                "consultations": consultations.get(entity.pk, 0),
                "comments": comments.get(entity.pk, 0),
            }
        )
    return rows


def portal_publisher():
    """The entity that publishes the portal's own datasets (settings.OPENDATA_PORTAL_PUBLISHER)."""
    from governance.models import Entity
    from governance.services import entity_create

    slug = getattr(settings, "OPENDATA_PORTAL_PUBLISHER", "sharik")
    entity = Entity.objects.filter(slug=slug).first()
    if entity is None:
        entity = entity_create(
            name_ar="منصة شارك",
            name_en="Sharik portal",
            slug=slug,
            sectors=["other"],
            description_ar="البيانات التي تنشرها منصة شارك عن نفسها.",
            description_en="The data the Sharik portal publishes about itself.",
        )
    return entity


def archive_resources_publish(*, common: dict) -> list:
    """The participation archive as an open dataset: the files the archive's nightly export wrote.

    The archive export (consultations, 02:30) writes them; this job (04:00) publishes them, so the
    dataset always carries the latest complete export. Unchanged files change nothing.
    """
    from consultations.models import ArchiveExport

    from .services import resource_publish_generated

    published = []
    for export in ArchiveExport.objects.exclude(file="").order_by("format"):
        with export.file.open("rb") as handle:
            content = handle.read()
        published.append(
            resource_publish_generated(
                **common,
                dataset_name="sharik-participation-archive",
                title_ar="أرشيف المشاركة الإلكترونية",
                title_en="The e-participation archive",
                description_ar="كل الاستشارات العامة للجهات الاتحادية مع مراحلها وقراراتها ونتائجها، تُحدَّث كل ليلة.",
                description_en="Every public consultation of the federal entities, with its phase, decision and "
                "results, updated nightly.",
                resource_name=f"archive.{export.format}",
                filename=f"archive.{export.format}",
                content=content,
                tags=["participation", "archive", "consultations"],
            )
        )
    return published


def portal_datasets_publish() -> list:
    from .services import resource_publish_generated

    entity = portal_publisher()
    licence = Licence.objects.filter(slug="cc-by-4.0").first() or Licence.objects.filter(is_open=True).first()
    catalogue = catalogue_rows(include_generated=False)
    stats = portal_statistics_rows()
    common = {"entity": entity, "licence": licence}
    return [
        resource_publish_generated(
            **common,
            dataset_name="sharik-open-data-catalogue",
            title_ar="كتالوج البيانات المفتوحة",
            title_en="The open data catalogue",
            description_ar="قائمة كل مجموعات البيانات المنشورة في شارك، تُحدَّث كل ليلة.",
            description_en="Every dataset published on Sharik, updated nightly.",
            resource_name="catalogue.csv",
            filename="catalogue.csv",
            content=to_csv(catalogue, CATALOGUE_COLUMNS),
            tags=["catalogue", "open-data"],
        ),
        resource_publish_generated(
            **common,
            dataset_name="sharik-open-data-catalogue",
            title_ar="كتالوج البيانات المفتوحة",
            title_en="The open data catalogue",
            description_ar="",
            description_en="",
            resource_name="catalogue.json",
            filename="catalogue.json",
            content=to_json(catalogue),
        ),
        resource_publish_generated(
            **common,
            dataset_name="sharik-portal-statistics",
            title_ar="إحصاءات منصة شارك",
            title_en="Sharik portal statistics",
            description_ar="مؤشرات المشاركة والبيانات المفتوحة لكل جهة، تُحدَّث كل ليلة.",
            description_en="Participation and open data figures per entity, updated nightly.",
            resource_name="statistics.csv",
            filename="statistics.csv",
            content=to_csv(stats, STATISTICS_COLUMNS),
            tags=["statistics", "participation"],
        ),
        *archive_resources_publish(common=common),
    ]
