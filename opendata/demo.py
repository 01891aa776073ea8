"""Demo open data: licences, 22 datasets over the demo entities with real small files (0 to 5 stars),
requests for data in every state, usage counters, a re-use, and the portal's own datasets.

Idempotent: datasets by name, licences by slug, requests by title; a second run creates nothing.
"""

import io
import json
from datetime import date, timedelta

from django.utils import timezone

from governance.models import Entity
from sharik.accounts.demo import _user
from sharik.core import csvsafe

from . import services
from .models import Dataset, DatasetRequest, DatasetUsageDay, Licence, Resource, Reuse

LICENCES = [
    (
        "cc-by-4.0",
        "المشاع الإبداعي - نسب المصنف 4.0",
        "Creative Commons Attribution 4.0",
        "https://creativecommons.org/licenses/by/4.0/",
        True,
    ),
    (
        "cc-zero",
        "المشاع الإبداعي - تنازل عام CC0",
        "Creative Commons CC0 1.0",
        "https://creativecommons.org/publicdomain/zero/1.0/",
        True,
    ),
    (
        "odc-odbl",
        "رخصة قاعدة البيانات المفتوحة (ODbL)",
        "Open Data Commons Open Database License (ODbL)",
        "https://opendatacommons.org/licenses/odbl/1-0/",
        True,
    ),
    (
        "uae-open-data",
        "رخصة البيانات الحكومية المفتوحة",
        "Government open data licence",
        "https://u.ae/en/about-the-uae/digital-uae/data/open-data-licence",
        True,
    ),
    ("restricted-use", "استخدام مقيد بإذن مسبق", "Restricted use (prior permission)", "", False),
]

YEARS = [2019, 2020, 2021, 2022, 2023, 2024]
EMIRATES = [
    ("abu-dhabi", "أبوظبي"),
    ("dubai", "دبي"),
    ("sharjah", "الشارقة"),
    ("ajman", "عجمان"),
    ("umm-al-quwain", "أم القيوين"),
    ("ras-al-khaimah", "رأس الخيمة"),
    ("fujairah", "الفجيرة"),
]


def _csv(header: list[str], rows: list[list]) -> bytes:
    out = io.StringIO()
    writer = csvsafe.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def _series(seed: int, base: int, step: int) -> list[list]:
    return [[year, base + step * i + (seed * 7 + i * 13) % step] for i, year in enumerate(YEARS)]


def _by_emirate(seed: int, base: int) -> list[list]:
    return [[ar, en, base + (seed * 31 + i * 17) % base] for i, (en, ar) in enumerate(EMIRATES)]


def _xlsx(header: list[str], rows: list[list]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _pdf(text: str) -> bytes:
    """A one-page PDF with one line of text (a real, tiny, valid file)."""
    stream = f"BT /F1 14 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def _turtle(name: str, rows: list[list], linked: bool) -> bytes:
    lines = [
        "@prefix ex: <https://sharik.gov.example/id/> .",
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .",
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .",
        "",
    ]
    wikidata = {
        "abu-dhabi": "Q1519",
        "dubai": "Q612",
        "sharjah": "Q160517",
        "ajman": "Q191066",
        "umm-al-quwain": "Q207589",
        "ras-al-khaimah": "Q202598",
        "fujairah": "Q241298",
    }
    for ar, en, value in rows:
        slug = [e for e, a in EMIRATES if a == ar][0]
        lines.append(f'ex:{name}-{slug} rdfs:label "{ar}"@ar, "{en}"@en ; ex:value {value}')
        if linked:
            lines[-1] += f" ; owl:sameAs <http://www.wikidata.org/entity/{wikidata[slug]}>"
        lines[-1] += " ."
    return "\n".join(lines).encode("utf-8")


def _jsonld(name: str, rows: list[list]) -> bytes:
    items = [
        {
            "@id": f"https://sharik.gov.example/id/{name}-{i}",
            "rdfs:label": ar,
            "https://sharik.gov.example/id/value": value,
        }
        for i, (ar, _en, value) in enumerate(rows)
    ]
    return json.dumps(
        {"@context": {"rdfs": "http://www.w3.org/2000/01/rdf-schema#"}, "@graph": items},
        ensure_ascii=False,
        indent=1,
    ).encode("utf-8")


# (entity, name, title_ar, title_en, sector, licence, frequency, tags, resources)
# resources: list of (kind, column header or None); kinds: csv, json, xlsx, pdf, ttl, ttl-linked, jsonld, url
DATASETS = [
    (
        "moe",
        "school-enrolment",
        "أعداد الطلبة المسجلين في المدارس الحكومية",
        "Enrolment in public schools",
        "education",
        "cc-by-4.0",
        "annual",
        ["تعليم", "طلبة", "education"],
        [("csv", ["year", "students"]), ("json", None)],
    ),
    (
        "moe",
        "teachers-by-emirate",
        "أعداد المعلمين حسب الإمارة",
        "Teachers by emirate",
        "education",
        "uae-open-data",
        "annual",
        ["تعليم", "معلمون"],
        [("xlsx", ["emirate_ar", "emirate_en", "teachers"])],
    ),
    (
        "moe",
        "school-locations",
        "مواقع المدارس الحكومية",
        "Public school locations",
        "education",
        "cc-by-4.0",
        "annual",
        ["تعليم", "مواقع"],
        [("ttl-linked", None), ("csv", ["emirate_ar", "emirate_en", "schools"])],
    ),
    (
        "moe",
        "exam-results-summary",
        "ملخص نتائج الامتحانات الوطنية",
        "National exam results summary",
        "education",
        "cc-zero",
        "annual",
        ["تعليم", "امتحانات"],
        [("pdf", None)],
    ),
    (
        "moe",
        "scholarships",
        "المنح الدراسية الممنوحة",
        "Scholarships awarded",
        "education",
        "restricted-use",
        "annual",
        ["تعليم", "منح"],
        [("csv", ["year", "scholarships"])],
    ),
    (
        "mohap",
        "hospital-beds",
        "عدد الأسرّة في المستشفيات",
        "Hospital beds",
        "health",
        "odc-odbl",
        "annual",
        ["صحة", "مستشفيات", "health"],
        [("csv", ["year", "beds"]), ("jsonld", None)],
    ),
    (
        "mohap",
        "vaccination-coverage",
        "نسبة التغطية بالتطعيمات",
        "Vaccination coverage",
        "health",
        "cc-by-4.0",
        "annual",
        ["صحة", "تطعيم"],
        [("json", None)],
    ),
    (
        "mohap",
        "health-centres",
        "المراكز الصحية حسب الإمارة",
        "Health centres by emirate",
        "health",
        "uae-open-data",
        "quarterly",
        ["صحة", "مراكز صحية"],
        [("ttl", None), ("xlsx", ["emirate_ar", "emirate_en", "centres"])],
    ),
    (
        "mohap",
        "clinic-waiting-times",
        "أوقات الانتظار في العيادات",
        "Clinic waiting times",
        "health",
        "cc-by-4.0",
        "monthly",
        ["صحة", "مواعيد"],
        [("csv", ["year", "minutes"])],
    ),
    (
        "mohap",
        "medical-licences",
        "التراخيص الطبية الصادرة",
        "Medical licences issued",
        "health",
        "cc-by-4.0",
        "annual",
        ["صحة", "تراخيص"],
        [("url", "https://mohap.gov.ae/en/open-data/medical-licences.csv")],
    ),
    (
        "moccae",
        "air-quality",
        "مؤشر جودة الهواء",
        "Air quality index",
        "environment",
        "cc-by-4.0",
        "daily",
        ["بيئة", "هواء", "environment"],
        [("csv", ["year", "aqi"]), ("ttl-linked", None)],
    ),
    (
        "moccae",
        "protected-areas",
        "المحميات الطبيعية",
        "Protected areas",
        "environment",
        "odc-odbl",
        "irregular",
        ["بيئة", "محميات"],
        [("jsonld", None)],
    ),
    (
        "moccae",
        "fish-landings",
        "كميات الصيد البحري",
        "Fish landings",
        "environment",
        "uae-open-data",
        "monthly",
        ["بيئة", "صيد"],
        [("xlsx", ["emirate_ar", "emirate_en", "tonnes"])],
    ),
    (
        "moccae",
        "recycling-rates",
        "معدلات إعادة التدوير",
        "Recycling rates",
        "environment",
        "cc-zero",
        "annual",
        ["بيئة", "نفايات"],
        [("csv", ["year", "percent"])],
    ),
    (
        "mohre",
        "labour-force",
        "القوى العاملة حسب الإمارة",
        "Labour force by emirate",
        "labour",
        "cc-by-4.0",
        "quarterly",
        ["عمل", "توظيف", "labour"],
        [("csv", ["emirate_ar", "emirate_en", "workers"])],
    ),
    (
        "mohre",
        "emiratisation-rate",
        "نسبة التوطين في القطاع الخاص",
        "Emiratisation rate in the private sector",
        "labour",
        "uae-open-data",
        "annual",
        ["عمل", "توطين"],
        [("json", None)],
    ),
    (
        "mohre",
        "work-permits",
        "تصاريح العمل الصادرة",
        "Work permits issued",
        "labour",
        "restricted-use",
        "monthly",
        ["عمل", "تصاريح"],
        [("xlsx", ["emirate_ar", "emirate_en", "permits"])],
    ),
    (
        "mohre",
        "labour-disputes",
        "النزاعات العمالية",
        "Labour disputes",
        "labour",
        "cc-by-4.0",
        "annual",
        ["عمل", "نزاعات"],
        [("pdf", None)],
    ),
    (
        "mof",
        "federal-budget",
        "الميزانية الاتحادية",
        "The federal budget",
        "finance",
        "cc-by-4.0",
        "annual",
        ["مالية", "ميزانية", "finance"],
        [("csv", ["year", "aed_million"]), ("json", None), ("ttl-linked", None)],
    ),
    (
        "mof",
        "federal-revenue",
        "الإيرادات الاتحادية",
        "Federal revenue",
        "finance",
        "odc-odbl",
        "annual",
        ["مالية", "إيرادات"],
        [("xlsx", ["emirate_ar", "emirate_en", "aed_million"])],
    ),
    (
        "mof",
        "government-procurement",
        "المشتريات الحكومية والمناقصات",
        "Government procurement and tenders",
        "finance",
        "cc-by-4.0",
        "monthly",
        ["مالية", "مناقصات"],
        [("csv", ["year", "tenders"]), ("jsonld", None)],
    ),
    (
        "mof",
        "public-debt",
        "الدين العام",
        "Public debt",
        "finance",
        "cc-zero",
        "quarterly",
        ["مالية", "دين"],
        [("json", None)],
    ),
]


def _resource_files(name: str, index: int, kind: str, header):
    rows_year = _series(index, 1000 * (index + 1), 150 + index * 10)
    rows_emirate = _by_emirate(index, 400 + index * 25)
    if kind == "csv":
        rows = rows_emirate if header and header[0] == "emirate_ar" else rows_year
        return f"{name}.csv", _csv(header, rows), "CSV"
    if kind == "json":
        data = [{"year": y, "value": v} for y, v in rows_year]
        return (
            f"{name}.json",
            json.dumps({"data": data}, ensure_ascii=False, indent=1).encode("utf-8"),
            "JSON",
        )
    if kind == "xlsx":
        return f"{name}.xlsx", _xlsx(header, rows_emirate), "XLSX"
    if kind == "pdf":
        return f"{name}.pdf", _pdf(f"Sharik open data: {name}"), "PDF"
    if kind in ("ttl", "ttl-linked"):
        return f"{name}.ttl", _turtle(name, rows_emirate, linked=kind == "ttl-linked"), "TTL"
    if kind == "jsonld":
        return f"{name}.jsonld", _jsonld(name, rows_emirate), "JSON-LD"
    raise ValueError(kind)


RESOURCE_NAMES = {
    "csv": ("جدول البيانات (CSV)", "Data table (CSV)"),
    "json": ("البيانات بصيغة JSON", "Data as JSON"),
    "xlsx": ("جدول Excel", "Excel workbook"),
    "pdf": ("تقرير PDF", "PDF report"),
    "ttl": ("البيانات المترابطة (Turtle)", "Linked data (Turtle)"),
    "ttl-linked": ("البيانات المترابطة مع روابط خارجية (Turtle)", "Linked data with external links (Turtle)"),
    "jsonld": ("البيانات المترابطة (JSON-LD)", "Linked data (JSON-LD)"),
    "url": ("رابط البيانات لدى الجهة", "Data at the entity's site"),
}

REQUESTS = [
    (
        "proposed",
        "moe",
        "citizen@sharik.example",
        "كثافة الفصول الدراسية في كل مدرسة",
        "أرغب في مقارنة أعداد الطلبة في الفصل الواحد بين المدارس لاختيار مدرسة لأبنائي.",
        None,
        "",
    ),
    (
        "in_progress",
        "mohap",
        "resident@sharik.example",
        "Pharmacy opening hours",
        "A list of pharmacies with opening hours would let developers build a night-pharmacy finder.",
        None,
        "نعمل على تجميع البيانات من المناطق الصحية وسننشرها خلال الربع القادم.",
    ),
    (
        "accepted",
        "mof",
        "citizen3@sharik.example",
        "تفاصيل الميزانية الاتحادية حسب القطاع",
        "نحتاج الميزانية مفصلة حسب القطاع لأغراض البحث والصحافة.",
        "federal-budget",
        "نشرنا الميزانية الاتحادية بصيغ مفتوحة، ومنها بيانات مترابطة.",
    ),
    (
        "refused",
        "mohre",
        "citizen4@sharik.example",
        "Salaries of individual employees",
        "I would like to see the salary of each employee in the private sector.",
        None,
        "لا يمكن نشر هذه البيانات لأنها بيانات شخصية يحميها قانون حماية البيانات الشخصية؛ ننشر المتوسطات في مجموعة القوى العاملة.",
    ),
]


def seed(*, stdout) -> None:
    licences = {}
    for order, (slug, title_ar, title_en, url, is_open) in enumerate(LICENCES):
        licences[slug] = services.licence_ensure(
            slug=slug, title_ar=title_ar, title_en=title_en, url=url, is_open=is_open, order=order
        )
    entities = {e.slug: e for e in Entity.objects.filter(slug__in={d[0] for d in DATASETS})}
    created = 0
    today = timezone.localdate()
    for index, (slug, name, title_ar, title_en, sector, licence, frequency, tags, resources) in enumerate(
        DATASETS
    ):
        if slug not in entities or Dataset.objects.filter(name=name).exists():
            continue
        entity = entities[slug]
        dataset = services.dataset_create(
            entity=entity,
            name=name,
            title_ar=title_ar,
            title_en=title_en,
            description_ar=f"{title_ar}، تنشرها {entity.name_ar} ضمن البيانات الحكومية المفتوحة.",
            description_en=f"{title_en}, published by the {entity.name_en} as open government data.",
            sector=sector,
            licence=licences[licence],
            update_frequency=frequency,
            tags=tags,
            spatial="الإمارات العربية المتحدة" if index % 3 else "",
            temporal_start=date(2019, 1, 1),
            temporal_end=date(2024, 12, 31),
            contact_name=f"فريق البيانات المفتوحة - {entity.name_ar}" if index % 4 else "",
            contact_email=f"opendata@{slug}.gov.example" if index % 4 else "",
            via="system",
        )
        for kind, header in resources:
            label_ar, label_en = RESOURCE_NAMES[kind]
            if kind == "url":
                services.resource_add(dataset=dataset, name=label_ar, url=header, via="system")
                continue
            filename, content, fmt = _resource_files(name, index, kind, header)
            resource = services.resource_add(
                dataset=dataset, name=label_ar, content=content, filename=filename, fmt=fmt, via="system"
            )
            resource.name_en = label_en
            resource.save(update_fields=["name_en"])
        for days_ago in range(0, 30, 3):  # a month of aggregate usage
            DatasetUsageDay.objects.get_or_create(
                dataset=dataset,
                day=today - timedelta(days=days_ago),
                defaults={"views": 5 + (index * 7 + days_ago) % 40, "downloads": (index * 3 + days_ago) % 15},
            )
        created += 1
    # The Datastore: every CSV/XLSX file loaded (the Celery job does it on upload; here directly, so the
    # demo has it even when the seed runs inside one transaction). Idempotent: loaded files are skipped.
    from .services.datastore import DATASTORE_FORMATS, datastore_load

    for resource in Resource.objects.exclude(file="").filter(format__in=DATASTORE_FORMATS):
        datastore_load(resource=resource)
    # One dataset that has not been updated as often as it promised (stale), for the quality report.
    stale = Dataset.objects.filter(name="clinic-waiting-times").first()
    if stale is not None and not stale.is_stale:
        Dataset.objects.filter(pk=stale.pk).update(data_modified_at=timezone.now() - timedelta(days=90))
        services.dataset_refresh(dataset=Dataset.objects.get(pk=stale.pk))

    for status, slug, email, title, reason, dataset_name, response in REQUESTS:
        if slug not in entities or DatasetRequest.objects.filter(title=title).exists():
            continue
        item = services.dataset_request_create(
            user=_user(email), entity=entities[slug], title=title, reason=reason
        )
        for supporter in ("citizen5@sharik.example", "resident@sharik.example", "citizen@sharik.example"):
            if supporter != email:
                services.dataset_request_support(request=item, user=_user(supporter))
        services.dataset_request_comment(
            request=item, user=_user("citizen5@sharik.example"), body="فكرة ممتازة، أؤيدها."
        )
        if status != "proposed":
            dataset = Dataset.objects.filter(name=dataset_name).first() if dataset_name else None
            services.dataset_request_answer(
                request=item, actor=None, status=status, response=response, dataset=dataset
            )

    budget = Dataset.objects.filter(name="federal-budget").first()
    if budget is not None and not Reuse.objects.filter(dataset=budget).exists():
        reuse = services.reuse_submit(
            dataset=budget,
            user=_user("resident@sharik.example"),
            kind=Reuse.Kind.VISUALISATION,
            title="Where does the federal budget go?",
            url="https://example.org/budget-explorer",
            description="An interactive chart of the federal budget by year.",
        )
        services.reuse_moderate(reuse=reuse, actor=None, approve=True)

    # A dataset an entity's own system published with its API key (docs/api.md §5).
    if "moccae" in entities and not Dataset.objects.filter(name="air-quality-stations").exists():
        services.dataset_push(
            entity=entities["moccae"],
            name="air-quality-stations",
            actor_label="api-key:demo (MOCCAE data platform)",
            values={
                "title_ar": "محطات رصد جودة الهواء",
                "title_en": "Air quality monitoring stations",
                "description_ar": "مواقع محطات رصد جودة الهواء وقراءاتها، ينشرها نظام الوزارة عبر واجهة البرمجة.",
                "description_en": "Air quality stations and readings, published by the ministry's system via the API.",
                "sector": "environment",
                "licence": licences["uae-open-data"],
                "temporal_start": date(2024, 1, 1),
                "temporal_end": None,
                "spatial": "الإمارات العربية المتحدة",
                "update_frequency": "daily",
                "contact_name": "منصة بيانات الوزارة",
                "contact_email": "data@moccae.gov.example",
                "is_published": True,
                "tags": ["هواء", "بيئة"],
                "resources": [
                    {
                        "name": "القراءات (CSV)",
                        "url": "https://data.moccae.gov.example/air-quality.csv",
                        "format": "CSV",
                        "description": "",
                    }
                ],
            },
        )

    from .exports import portal_datasets_publish

    portal_datasets_publish()
    stars = sorted(set(Dataset.objects.values_list("stars", flat=True)))
    stdout.write(
        f"open data: {Dataset.objects.count()} datasets ({created} new), stars {stars}, "
        f"{Licence.objects.count()} licences, {DatasetRequest.objects.count()} requests"
    )
