"""The CKAN-compatible API: CKAN's envelope and the field names CKAN clients rely on.

Every read test runs twice: with GET and query parameters, and with POST and a JSON body, the way CKAN's
own clients call (ckanapi POSTs by default). The live-server tests with ckanapi are in test_ckan_client.py.
"""

import pytest

from tests.factories import EntityFactory
from tests.opendata.files import XLSX

ACTION = "/api/3/action/"


@pytest.fixture(params=["GET", "POST"])
def ckan(request, client):
    """Call an action the way a CKAN client does, with GET or with POST and a JSON body."""

    def call(action, **params):
        return _ok(client, action, method=request.param, **params)

    return call


def _ok(client, action, method="GET", **params):
    if method == "GET":
        response = client.get(ACTION + action, params)
    else:
        response = client.post(ACTION + action, params, content_type="application/json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert set(body) == {"help", "success", "result"}
    assert body["success"] is True
    assert body["help"].startswith("http")
    return body["result"]


def test_package_show_has_the_fields_ckan_clients_use(ckan, make_dataset):
    dataset = make_dataset(
        name="school-enrolment",
        tags=["تعليم", "students"],
        resources=[("CSV", b"a,b\n1,2\n"), ("JSON", "https://example.org/x.json")],
    )
    pkg = ckan("package_show", id="school-enrolment")
    assert pkg["name"] == "school-enrolment"
    assert pkg["id"] == str(dataset.uuid)
    assert pkg["title"] == dataset.title_ar
    assert pkg["notes"] == dataset.description_ar
    assert pkg["license_id"] == "cc-by-4.0" and pkg["license_title"] and pkg["isopen"] is True
    assert pkg["organization"]["name"] == dataset.entity.slug
    assert pkg["organization"]["is_organization"] is True
    assert pkg["owner_org"] == pkg["organization"]["id"]
    assert sorted(t["name"] for t in pkg["tags"]) == ["students", "تعليم"]
    assert pkg["num_tags"] == 2 and pkg["num_resources"] == 2
    csv_res, json_res = pkg["resources"]
    assert csv_res["format"] == "CSV" and csv_res["url"].endswith(
        f"/resources/{dataset.resources.first().pk}/download/"
    )
    assert csv_res["package_id"] == pkg["id"] and csv_res["hash"].startswith("sha256:")
    assert json_res["url"] == "https://example.org/x.json" and json_res["format"] == "JSON"
    assert pkg["metadata_created"] and pkg["metadata_modified"]
    assert pkg["state"] == "active" and pkg["type"] == "dataset" and pkg["private"] is False
    # by id too
    assert ckan("package_show", id=str(dataset.uuid))["name"] == "school-enrolment"


def test_errors_use_ckans_envelope(client, db):
    response = client.get(ACTION + "package_show", {"id": "nope"})
    assert response.status_code == 404
    body = response.json()
    assert body["success"] is False and body["error"]["__type"] == "Not Found Error"
    response = client.get(ACTION + "package_search", {"rows": "many"})
    assert response.status_code == 409 and response.json()["error"]["__type"] == "Validation Error"
    assert response.json()["error"]["rows"] == ["Invalid integer"]
    unknown = client.post(ACTION + "no_such_action", {}, content_type="application/json")
    assert unknown.status_code == 400 and unknown.json()["success"] is False
    assert "Action name not known" in unknown.json()["error"]["message"]


def test_package_list_and_search_count_and_paging(ckan, make_dataset):
    for i in range(7):
        make_dataset(name=f"ds-{i}", title_en=f"Budget {i}", title_ar=f"ميزانية {i}")
    names = ckan("package_list")
    assert names == sorted(names) and len(names) == 7
    assert ckan("package_list", limit=2, offset=1) == names[1:3]
    page1 = ckan("package_search", rows=3, start=0, sort="name asc")
    page3 = ckan("package_search", rows=3, start=6, sort="name asc")
    assert page1["count"] == 7 and len(page1["results"]) == 3
    assert [p["name"] for p in page1["results"]] == ["ds-0", "ds-1", "ds-2"]
    assert [p["name"] for p in page3["results"]] == ["ds-6"]
    desc = ckan("package_search", rows=1, sort="name desc")
    assert desc["results"][0]["name"] == "ds-6"
    assert ckan("package_search", rows=0)["count"] == 7


def test_package_search_q_and_fq(ckan, make_dataset, licences):
    other = EntityFactory(slug="mof")
    make_dataset(
        name="budget",
        title_en="Federal budget",
        title_ar="الميزانية الاتحادية",
        entity=other,
        tags=["finance"],
    )
    make_dataset(
        name="beds",
        title_en="Hospital beds",
        title_ar="أسرة المستشفيات",
        licence="cc0",
        resources=[("XLSX", XLSX)],
    )
    found = ckan("package_search", q="budget")
    assert found["count"] == 1 and found["results"][0]["name"] == "budget"
    assert ckan("package_search", fq="organization:mof")["count"] == 1
    assert ckan("package_search", fq="tags:finance")["count"] == 1
    assert ckan("package_search", fq="res_format:XLSX")["results"][0]["name"] == "beds"
    assert ckan("package_search", fq='license_id:"cc-zero"')["count"] == 1
    assert ckan("package_search", q="*:*")["count"] == 2
    facets = ckan("package_search")["search_facets"]
    assert {i["name"]: i["count"] for i in facets["organization"]["items"]}["mof"] == 1


def test_organizations_tags_licences(ckan, make_dataset, entity):
    make_dataset(tags=["health", "صحة"])
    assert entity.slug in ckan("organization_list")
    full = ckan("organization_list", all_fields="true")
    assert {"name", "title", "package_count"} <= set(full[0])
    org = ckan("organization_show", id=entity.slug, include_datasets="true")
    assert org["name"] == entity.slug and org["package_count"] == 1 and len(org["packages"]) == 1
    assert sorted(ckan("tag_list")) == ["health", "صحة"]
    licences = ckan("license_list")
    assert {"id", "title", "url"} <= set(licences[0])
    assert {lic["id"] for lic in licences} >= {"cc-by-4.0", "cc-zero", "restricted"}


@pytest.mark.parametrize("path", ["/api/3/action/package_list", "/api/3/action/status_show"])
def test_api_is_not_language_prefixed(client, db, path):
    assert client.get(path).status_code == 200
    assert client.get(path.replace("/3/", "/")).status_code == 200  # CKAN serves both routes


def test_filters_in_q_groups_and_recent_packages(ckan, make_dataset):
    make_dataset(name="beds", title_en="Hospital beds", tags=["health"], sector="health")
    make_dataset(name="budget", title_en="Budget", tags=["finance"], sector="finance")
    found = ckan("package_search", q="tags:health")
    assert [p["name"] for p in found["results"]] == ["beds"]
    assert ckan("package_search", q="groups:finance")["results"][0]["name"] == "budget"
    assert sorted(ckan("group_list")) == ["finance", "health"]
    recent = ckan("current_package_list_with_resources", limit=1)
    assert len(recent) == 1 and recent[0]["resources"]
    assert "dataset" in ckan("help_show", name="package_show").lower()


def test_the_ckan_api_is_throttled_for_reads_and_writes(client, db, settings):
    """Issue 19 item 14: every call counts, GET or POST, in one bucket per address."""
    settings.RATELIMIT_CKAN = "3/m"
    for _ in range(2):
        assert client.get(ACTION + "package_list").status_code == 200
    assert client.post(ACTION + "package_list", {}, content_type="application/json").status_code == 200
    refused = client.get(ACTION + "package_list")
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert refused.json()["success"] is False and refused.json()["error"]["__type"] == "Throttled"
    assert client.post(ACTION + "package_search", {}, content_type="application/json").status_code == 429


def test_a_huge_start_or_a_nul_is_refused_not_a_server_error(client, db):
    """Issue 19 item 15: bad input gets CKAN's error, never a 500."""
    huge = client.get(ACTION + "package_search", {"start": "9" * 40})
    assert huge.status_code == 409 and huge.json()["error"]["start"]
    nul = client.post(ACTION + "package_search", {"q": "a\x00b"}, content_type="application/json")
    assert nul.status_code == 400 and "NUL" in nul.json()["error"]["message"]
    nested = client.post(ACTION + "package_show", "[" * 50_000, content_type="application/json")
    assert nested.status_code == 400 and nested.json()["success"] is False
