"""DCAT-AP 3: the catalogue parses as JSON-LD, has the required properties, and validates with pyshacl."""

import json
from datetime import date
from pathlib import Path

import pytest
import rdflib
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF

SHAPES = Path(__file__).resolve().parent.parent / "data" / "dcat-ap-3"


@pytest.fixture
def catalogue(make_dataset, http_server):
    make_dataset(
        name="budget",
        tags=["finance"],
        spatial="UAE",
        update_frequency="monthly",
        temporal_start=date(2020, 1, 1),
        temporal_end=date(2024, 12, 31),
        resources=[("CSV", b"a,b\n1,2\n"), ("JSON", "https://example.org/b.json")],
    )
    make_dataset(name="closed", licence="closed", resources=[("PDF", b"%PDF-1.4")])
    make_dataset(name="bare", licence=None, description_ar="", contact_email="", resources=[])


def _graph(client, url, fmt):
    response = client.get(url)
    assert response.status_code == 200
    graph = rdflib.Graph()
    graph.parse(data=response.content, format=fmt)
    return response, graph


def test_catalogue_jsonld_parses_and_has_required_properties(client, catalogue):
    response, graph = _graph(client, "/opendata/catalog.jsonld", "json-ld")
    assert response["Content-Type"].startswith("application/ld+json")
    json.loads(response.content)  # plain JSON too
    catalog = graph.value(None, RDF.type, DCAT.Catalog, any=False)
    for prop in (DCTERMS.title, DCTERMS.description, DCTERMS.publisher):
        assert graph.value(catalog, prop) is not None, prop
    datasets = list(graph.objects(catalog, DCAT.dataset))
    assert len(datasets) == 3
    for ds in datasets:
        assert graph.value(ds, DCTERMS.title) is not None
        assert graph.value(ds, DCTERMS.description) is not None
        publisher = graph.value(ds, DCTERMS.publisher)
        assert graph.value(publisher, FOAF.name) is not None
    budget = next(ds for ds in datasets if str(ds).endswith("/datasets/budget/"))
    distributions = list(graph.objects(budget, DCAT.distribution))
    assert len(distributions) == 2
    assert all(graph.value(d, DCAT.accessURL) for d in distributions)
    # recommended properties where the data has them
    for prop in (
        DCAT.keyword,
        DCAT.theme,
        DCAT.contactPoint,
        DCTERMS.spatial,
        DCTERMS.temporal,
        DCTERMS.accrualPeriodicity,
    ):
        assert graph.value(budget, prop) is not None, prop
    assert any(graph.value(d, DCTERMS.license) for d in distributions)


def _conforms(graph, shapes_files):
    from pyshacl import validate

    shapes = rdflib.Graph()
    for name in shapes_files:
        shapes.parse(SHAPES / name, format="turtle")
    conforms, results, text = validate(graph, shacl_graph=shapes, inference="none")
    violations = [
        r
        for r in results.objects(None, rdflib.URIRef("http://www.w3.org/ns/shacl#resultSeverity"))
        if str(r).endswith("#Violation")
    ]
    return conforms, violations, text


def test_catalogue_validates_against_dcat_ap_3_shapes(client, catalogue):
    _, graph = _graph(client, "/opendata/catalog.jsonld", "json-ld")
    conforms, violations, text = _conforms(graph, ["shapes.ttl"])
    assert conforms and not violations, text
    conforms, violations, text = _conforms(graph, ["shapes.ttl", "range.ttl"])
    assert conforms and not violations, text


def test_turtle_and_per_dataset_outputs(client, catalogue):
    _, graph = _graph(client, "/opendata/catalog.ttl", "turtle")
    assert len(list(graph.subjects(RDF.type, DCAT.Dataset))) == 3
    _, one = _graph(client, "/opendata/datasets/budget.jsonld", "json-ld")
    assert len(list(one.subjects(RDF.type, DCAT.Dataset))) == 1
    conforms, violations, text = _conforms(one, ["shapes.ttl"])
    assert conforms, text
    _, one_ttl = _graph(client, "/en/opendata/datasets/budget.ttl", "turtle")
    assert len(one_ttl) == len(one)


def test_recommended_properties_are_present_where_the_data_has_them(client, catalogue):
    """Against DCAT-AP's recommended shapes, only what the data lacks is reported (no contact, no place
    or period for the bare dataset, no geometry for a place given as text)."""
    from pyshacl import validate

    _, graph = _graph(client, "/opendata/catalog.jsonld", "json-ld")
    shapes = rdflib.Graph().parse(SHAPES / "shapes_recommended.ttl", format="turtle")
    _conforms, results, _text = validate(graph, shacl_graph=shapes, inference="none")
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")

    def name(term):
        return str(term).rsplit("#", 1)[-1].rsplit("/", 1)[-1]

    found = {
        (str(results.value(r, sh.focusNode)), name(results.value(r, sh.resultPath)))
        for r in results.subjects(sh.resultSeverity, None)
    }
    budget = [path for focus, path in found if focus.endswith("/datasets/budget/")]
    assert budget == [], budget  # the full dataset has every recommended property
    bare = {path for focus, path in found if focus.endswith("/datasets/bare/")}
    assert bare <= {"spatial", "temporal", "contactPoint", "distribution", "keyword"}, bare
    assert {path for _focus, path in found} <= bare | {
        "bbox",
        "centroid",
        "spatial",
        "temporal",
        "contactPoint",
    }
