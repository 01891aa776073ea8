"""The catalogue as DCAT-AP 3 (RDF): JSON-LD and Turtle, for the whole catalogue or one dataset.

It carries DCAT-AP's mandatory properties and the recommended ones wherever the data has them
(contact point, distributions, keywords, publisher, spatial and temporal coverage, theme, licence,
frequency, formats, checksums), and types every linked node so the range shapes hold too.
"""

from django.conf import settings
from django.urls import reverse
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, SKOS, XSD

from sharik.core.urls_check import iri_safe

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
ADMS = Namespace("http://www.w3.org/ns/adms#")
EU = "http://publications.europa.eu/resource/authority/"
THEME_SCHEME = URIRef(EU + "data-theme")
SECTOR_THEME = {
    "education": "EDUC",
    "health": "HEAL",
    "finance": "ECON",
    "social-welfare": "SOCI",
    "labour": "SOCI",
    "environment": "ENVI",
    "other": "GOVE",
}
FREQUENCY = {
    "daily": "DAILY",
    "weekly": "WEEKLY",
    "monthly": "MONTHLY",
    "quarterly": "QUARTERLY",
    "annual": "ANNUAL",
    "irregular": "IRREG",
}
FILE_TYPE = {
    "CSV": "CSV",
    "JSON": "JSON",
    "JSON-LD": "JSON_LD",
    "JSONLD": "JSON_LD",
    "XLSX": "XLSX",
    "XLS": "XLS",
    "XML": "XML",
    "RDF/XML": "RDF_XML",
    "RDF": "RDF_XML",
    "TTL": "RDF_TURTLE",
    "TURTLE": "RDF_TURTLE",
    "PDF": "PDF",
    "GEOJSON": "GEOJSON",
    "ODS": "ODS",
}
LANGUAGE = {"ar": "ARA", "en": "ENG"}
DCAT_VERSION = URIRef(str(DCAT) + "version")  # DCAT 3 term, not in rdflib's closed namespace
DCATAP = Namespace("http://data.europa.eu/r5r/")
AVAILABILITY_STABLE = URIRef(EU + "planned-availability/STABLE")
PUBLISHER_TYPE = URIRef("http://purl.org/adms/publishertype/NationalAuthority")
LICENCE_TYPES = "http://purl.org/adms/licencetype/"
CONTEXT = {
    "dcat": str(DCAT),
    "dct": str(DCTERMS),
    "foaf": str(FOAF),
    "vcard": str(VCARD),
    "skos": str(SKOS),
    "spdx": str(SPDX),
    "xsd": str(XSD),
    "dcatap": "http://data.europa.eu/r5r/",
}


def _abs(path: str) -> URIRef:
    return URIRef(settings.SITE_URL.rstrip("/") + path)


def dataset_uri(dataset) -> URIRef:
    return _abs(reverse("opendata:dataset", args=[dataset.name]))


def _texts(graph: Graph, subject, predicate, obj, field: str) -> None:
    for lang, _name in settings.LANGUAGES:
        value = getattr(obj, f"{field}_{lang}", "") or ""
        if value.strip():
            graph.add((subject, predicate, Literal(value.strip(), lang=lang)))


def _agent(graph: Graph, entity) -> URIRef:
    node = _abs(reverse("opendata:organisation", args=[entity.slug]))
    if (node, RDF.type, FOAF.Agent) not in graph:
        graph.add((node, RDF.type, FOAF.Agent))
        _texts(graph, node, FOAF.name, entity, "name")
        if not (entity.name_ar or entity.name_en):
            graph.add((node, FOAF.name, Literal(entity.slug)))
        graph.add((node, DCTERMS.type, _concept(graph, PUBLISHER_TYPE, "National authority")))
        if entity.website:
            graph.add((node, FOAF.homepage, URIRef(iri_safe(entity.website))))
            graph.add((URIRef(iri_safe(entity.website)), RDF.type, FOAF.Document))
    return node


def _concept(graph: Graph, iri, label: str) -> URIRef:
    node = URIRef(iri_safe(str(iri)))
    graph.add((node, RDF.type, SKOS.Concept))
    graph.add((node, SKOS.prefLabel, Literal(label, lang="en")))
    return node


def _licence_type(licence) -> tuple[str, str]:
    """The ADMS licence type, from the licence's openness and identifier."""
    slug = licence.slug.lower()
    if not licence.is_open:
        return "OtherRestrictiveClauses", "Other restrictive clauses"
    if any(key in slug for key in ("zero", "cc0", "pddl", "public-domain")):
        return "PublicDomain", "Public domain"
    if any(key in slug for key in ("odbl", "-sa")):
        return "ViralEffect-ShareAlike", "Viral effect (share-alike)"
    return "Attribution", "Attribution"


def _typed(graph: Graph, iri: str, kind) -> URIRef:
    node = URIRef(iri_safe(str(iri)))
    graph.add((node, RDF.type, kind))
    return node


def _add_dataset(graph: Graph, dataset) -> URIRef:
    node = dataset_uri(dataset)
    graph.add((node, RDF.type, DCAT.Dataset))
    _texts(graph, node, DCTERMS.title, dataset, "title")
    _texts(graph, node, DCTERMS.description, dataset, "description")
    if not (dataset.description_ar or dataset.description_en):  # mandatory in DCAT-AP
        graph.add((node, DCTERMS.description, Literal(dataset.title_ar or dataset.name, lang="ar")))
    graph.add((node, DCTERMS.identifier, Literal(str(dataset.uuid))))
    graph.add((node, DCTERMS.publisher, _agent(graph, dataset.entity)))
    graph.add((node, DCAT.landingPage, _typed(graph, str(node), FOAF.Document)))
    graph.add((node, DCTERMS.issued, Literal(dataset.created_at, datatype=XSD.dateTime)))
    modified = dataset.data_modified_at or dataset.updated_at
    graph.add((node, DCTERMS.modified, Literal(modified, datatype=XSD.dateTime)))
    graph.add((node, DCAT_VERSION, Literal(str(dataset.version))))
    for tag in dataset.tags.all():
        graph.add((node, DCAT.keyword, Literal(tag.name)))
    theme = _typed(graph, f"{EU}data-theme/{SECTOR_THEME.get(dataset.sector, 'GOVE')}", SKOS.Concept)
    graph.add((theme, SKOS.prefLabel, Literal(dataset.get_sector_display(), lang="en")))
    graph.add((theme, SKOS.inScheme, THEME_SCHEME))
    graph.add((node, DCAT.theme, theme))
    frequency = FREQUENCY.get(dataset.update_frequency)
    if frequency:
        graph.add(
            (node, DCTERMS.accrualPeriodicity, _typed(graph, f"{EU}frequency/{frequency}", DCTERMS.Frequency))
        )
    for lang in LANGUAGE.values():
        graph.add((node, DCTERMS.language, _typed(graph, f"{EU}language/{lang}", DCTERMS.LinguisticSystem)))
    if dataset.spatial:
        place = BNode()
        graph.add((place, RDF.type, DCTERMS.Location))
        graph.add((place, SKOS.prefLabel, Literal(dataset.spatial)))
        graph.add((node, DCTERMS.spatial, place))
    if dataset.temporal_start or dataset.temporal_end:
        period = BNode()
        graph.add((period, RDF.type, DCTERMS.PeriodOfTime))
        if dataset.temporal_start:
            graph.add((period, DCAT.startDate, Literal(dataset.temporal_start, datatype=XSD.date)))
        if dataset.temporal_end:
            graph.add((period, DCAT.endDate, Literal(dataset.temporal_end, datatype=XSD.date)))
        graph.add((node, DCTERMS.temporal, period))
    if dataset.contact_email or dataset.contact_name:
        contact = BNode()
        graph.add((contact, RDF.type, VCARD.Organization))
        graph.add((contact, RDF.type, VCARD.Kind))
        graph.add((contact, VCARD.fn, Literal(dataset.contact_name or dataset.entity.name)))
        if dataset.contact_email:
            graph.add((contact, VCARD.hasEmail, URIRef(f"mailto:{dataset.contact_email}")))
        graph.add((node, DCAT.contactPoint, contact))
    licence = None
    if dataset.licence:
        licence = _typed(
            graph,
            dataset.licence.url or str(_abs(reverse("opendata:licence", args=[dataset.licence.slug]))),
            DCTERMS.LicenseDocument,
        )
        _texts(graph, licence, DCTERMS.title, dataset.licence, "title")
        code, label = _licence_type(dataset.licence)
        graph.add((licence, DCTERMS.type, _concept(graph, LICENCE_TYPES + code, label)))
    for resource in dataset.resources.all():
        graph.add((node, DCAT.distribution, _add_distribution(graph, resource, licence)))
    return node


def _add_distribution(graph: Graph, resource, licence) -> URIRef:
    node = _abs(f"{reverse('opendata:dataset', args=[resource.dataset.name])}#resource-{resource.uuid}")
    graph.add((node, RDF.type, DCAT.Distribution))
    url = URIRef(iri_safe(resource.access_url()))
    graph.add((node, DCAT.accessURL, url))
    if resource.file:
        graph.add((node, DCAT.downloadURL, url))
    _texts(graph, node, DCTERMS.title, resource, "name")
    _texts(graph, node, DCTERMS.description, resource, "description")
    if not (resource.description_ar or resource.description_en):
        _texts(graph, node, DCTERMS.description, resource, "name")
    graph.add((node, DCATAP.availability, _concept(graph, AVAILABILITY_STABLE, "Stable")))
    file_type = FILE_TYPE.get(resource.format.upper())
    if file_type:
        graph.add(
            (node, DCTERMS.format, _typed(graph, f"{EU}file-type/{file_type}", DCTERMS.MediaTypeOrExtent))
        )
    if resource.media_type:
        media = _typed(
            graph, f"https://www.iana.org/assignments/media-types/{resource.media_type}", DCTERMS.MediaType
        )
        graph.add((node, DCAT.mediaType, media))
    if resource.size is not None:
        graph.add((node, DCAT.byteSize, Literal(resource.size, datatype=XSD.decimal)))
    if resource.checksum:
        checksum = BNode()
        graph.add((checksum, RDF.type, SPDX.Checksum))
        graph.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
        graph.add((checksum, SPDX.checksumValue, Literal(resource.checksum, datatype=XSD.hexBinary)))
        graph.add((node, SPDX.checksum, checksum))
    if licence is not None:
        graph.add((node, DCTERMS.license, licence))
    graph.add((node, DCTERMS.modified, Literal(resource.updated_at, datatype=XSD.dateTime)))
    return node


def catalogue_graph(datasets) -> Graph:

    graph = Graph()
    for prefix, ns in CONTEXT.items():
        graph.bind(prefix, ns)
    catalog = _abs(reverse("opendata:catalog-jsonld").rsplit(".", 1)[0])
    graph.add((catalog, RDF.type, DCAT.Catalog))
    graph.add((catalog, DCTERMS.title, Literal("كتالوج البيانات المفتوحة في منصة شارك", lang="ar")))
    graph.add((catalog, DCTERMS.title, Literal("Sharik open data catalogue", lang="en")))
    graph.add(
        (
            catalog,
            DCTERMS.description,
            Literal("البيانات الحكومية المفتوحة التي تنشرها الجهات الاتحادية.", lang="ar"),
        )
    )
    graph.add(
        (
            catalog,
            DCTERMS.description,
            Literal("Open government data published by the federal entities.", lang="en"),
        )
    )
    homepage = _typed(graph, settings.SITE_URL.rstrip("/") + "/", FOAF.Document)
    graph.add((catalog, FOAF.homepage, homepage))
    portal = URIRef(settings.SITE_URL.rstrip("/") + "/#portal")
    graph.add((portal, RDF.type, FOAF.Agent))
    graph.add((portal, FOAF.name, Literal("منصة شارك", lang="ar")))
    graph.add((portal, FOAF.name, Literal("Sharik", lang="en")))
    graph.add((portal, DCTERMS.type, _concept(graph, PUBLISHER_TYPE, "National authority")))
    graph.add((catalog, DCTERMS.publisher, portal))
    # the catalogue's own metadata is in the public domain, so harvesters may copy it freely
    metadata_licence = _typed(
        graph, "https://creativecommons.org/publicdomain/zero/1.0/", DCTERMS.LicenseDocument
    )
    graph.add(
        (metadata_licence, DCTERMS.type, _concept(graph, LICENCE_TYPES + "PublicDomain", "Public domain"))
    )
    graph.add((catalog, DCTERMS.license, metadata_licence))
    graph.add((catalog, DCAT.themeTaxonomy, _typed(graph, str(THEME_SCHEME), SKOS.ConceptScheme)))
    graph.add((THEME_SCHEME, DCTERMS.title, Literal("Data theme", lang="en")))
    for lang in LANGUAGE.values():
        graph.add(
            (catalog, DCTERMS.language, _typed(graph, f"{EU}language/{lang}", DCTERMS.LinguisticSystem))
        )
    latest = earliest = None
    for dataset in datasets:
        graph.add((catalog, DCAT.dataset, _add_dataset(graph, dataset)))
        modified = dataset.data_modified_at or dataset.updated_at
        latest = max(latest, modified) if latest else modified
        earliest = min(earliest, dataset.created_at) if earliest else dataset.created_at
    if latest:
        graph.add((catalog, DCTERMS.modified, Literal(latest, datatype=XSD.dateTime)))
        graph.add((catalog, DCTERMS.issued, Literal(earliest, datatype=XSD.dateTime)))
    return graph


def dataset_graph(dataset) -> Graph:
    graph = Graph()
    for prefix, ns in CONTEXT.items():
        graph.bind(prefix, ns)
    _add_dataset(graph, dataset)
    return graph


def serialize(graph: Graph, fmt: str) -> str:
    if fmt == "jsonld":
        return graph.serialize(format="json-ld", context=CONTEXT, indent=2)
    return graph.serialize(format="turtle")
