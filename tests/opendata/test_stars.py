"""The 5-star rule table: every format/licence combination, the best resource wins, the reason is shown."""

import pytest
from django.utils.translation import override

from opendata.stars import rate, resource_stars
from tests.opendata.files import XLSX

TURTLE_LINKED = (
    b"@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
    b"<https://data.example.gov/id/dubai> owl:sameAs <http://www.wikidata.org/entity/Q612> .\n"
)
TURTLE_PLAIN = (
    b"@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
    b'<https://data.example.gov/id/dubai> rdfs:label "Dubai" .\n'
)


@pytest.mark.parametrize(
    ("fmt", "licence_open", "links", "expected"),
    [
        ("PDF", True, 0, 1),
        ("HTML", True, 0, 1),
        ("WHATEVER", True, 0, 1),
        ("XLS", True, 0, 2),
        ("XLSX", True, 0, 2),
        ("CSV", True, 0, 3),
        ("JSON", True, 0, 3),
        ("xml", True, 0, 3),
        ("JSON-LD", True, 0, 4),
        ("RDF/XML", True, 0, 4),
        ("TTL", True, 0, 4),
        ("TTL", True, 3, 5),
        ("JSON-LD", True, 1, 5),
        ("CSV", True, 5, 3),  # links only count in RDF
        ("PDF", False, 0, 0),
        ("CSV", False, 0, 0),
        ("XLSX", False, 0, 0),
        ("TTL", False, 3, 0),
    ],
)
def test_resource_stars_table(fmt, licence_open, links, expected):
    assert resource_stars(fmt=fmt, licence_open=licence_open, external_links=links) == expected


@override("en")
def test_reason_says_why_and_what_next():
    rating = rate(licence_open=True, resources=[("XLSX", 0), ("CSV", 0)])
    assert rating.stars == 3
    assert rating.reason.startswith("CSV: non-proprietary → 3 stars")
    assert "JSON-LD" in rating.reason  # how to earn the fourth
    assert rate(licence_open=False, resources=[("TTL", 9)]).stars == 0
    assert "open licence" in rate(licence_open=False, resources=[("CSV", 0)]).reason
    assert rate(licence_open=True, resources=[]).stars == 0


@pytest.mark.parametrize(
    ("licence", "resources", "stars"),
    [
        (None, [("CSV", b"a,b\n1,2\n")], 0),
        ("closed", [("CSV", b"a,b\n1,2\n")], 0),
        ("open", [("PDF", b"%PDF-1.4 tiny")], 1),
        ("open", [("PDF", b"%PDF-1.4"), ("XLSX", XLSX)], 2),
        ("open", [("XLSX", XLSX), ("CSV", b"a,b\n1,2\n")], 3),
        ("cc0", [("JSON", b"[]"), ("TTL", TURTLE_PLAIN)], 4),
        ("open", [("CSV", b"a\n1\n"), ("TTL", TURTLE_LINKED)], 5),
        ("closed", [("TTL", TURTLE_LINKED)], 0),
    ],
)
def test_dataset_stars_are_computed_from_its_resources(make_dataset, licence, resources, stars):
    dataset = make_dataset(licence=licence, resources=resources)
    assert dataset.stars == stars
    assert dataset.rating().stars == stars


def test_stars_follow_a_licence_change(make_dataset, licences):
    from opendata.services import dataset_update

    dataset = make_dataset(licence="closed")
    assert dataset.stars == 0
    dataset = dataset_update(dataset=dataset, licence=licences["open"])
    dataset.refresh_from_db()
    assert dataset.stars == 3
    assert dataset.versions.count() == 3  # created, resource added, licence changed


def test_stars_are_not_editable_in_the_admin():
    from opendata.models import Dataset

    assert Dataset._meta.get_field("stars").editable is False


def test_dataset_page_shows_stars_and_reason(client, make_dataset):
    dataset = make_dataset()
    response = client.get(f"/en/opendata/datasets/{dataset.name}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "★★★☆☆" in html
    assert "CSV: non-proprietary → 3 stars; add JSON-LD with URIs for 4" in html
    arabic = client.get(f"/opendata/datasets/{dataset.name}/").content.decode()
    assert "CSV: صيغة غير مملوكة → 3 نجوم" in arabic
