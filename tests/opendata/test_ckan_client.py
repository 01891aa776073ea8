"""CKAN's own Python client (ckanapi, unchanged) against the live server: every read action, and an
entity's system writing its datasets and resources with its key. Plus plain "curl" GETs (httpx).

ckanapi POSTs a JSON body by default (multipart when a file is sent); `get_only=True` makes it GET with
query parameters: the read tests run both ways.
"""

import io

import httpx
import pytest
from ckanapi import CKANAPIError, NotAuthorized, NotFound, RemoteCKAN, ValidationError

from consultations.services.archive import api_key_issue
from opendata.models import Dataset
from sharik.core.models import AuditRecord
from tests.factories import EntityFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def catalogue(make_dataset, entity):
    budget = make_dataset(
        name="federal-budget",
        title_ar="الميزانية الاتحادية",
        title_en="Federal budget",
        tags=["finance"],
        sector="finance",
        resources=[("CSV", b"year,amount\n2024,10\n2025,12\n")],
    )
    beds = make_dataset(
        name="hospital-beds",
        title_ar="أسرة المستشفيات",
        title_en="Hospital beds",
        tags=["health"],
        sector="health",
        licence="cc0",
        resources=[("JSON", "https://example.org/beds.json")],
    )
    hidden = make_dataset(name="draft-data", title_en="Draft", is_published=False)
    return {"budget": budget, "beds": beds, "hidden": hidden}


def _local(url: str, live_server) -> str:
    """The download address on the live server (addresses in the API carry SITE_URL)."""
    return live_server.url + "/" + url.split("/", 3)[3]


@pytest.fixture
def entity_key(entity):
    _key, raw = api_key_issue(entity=entity, name="Data team system")
    return raw


@pytest.mark.parametrize("get_only", [False, True], ids=["POST", "GET"])
def test_every_read_action_with_ckans_client(live_server, catalogue, entity, get_only):
    ckan = RemoteCKAN(live_server.url, get_only=get_only)
    act = ckan.action
    assert act.package_list() == ["federal-budget", "hospital-beds"]  # the draft is not public
    found = act.package_search(q="budget")
    assert found["count"] == 1 and found["results"][0]["name"] == "federal-budget"
    assert [p["name"] for p in act.package_search(fq="tags:health")["results"]] == ["hospital-beds"]
    assert act.package_search(fq=f"organization:{entity.slug}")["count"] == 2
    assert [p["name"] for p in act.package_search(fq="res_format:JSON")["results"]] == ["hospital-beds"]
    assert [p["name"] for p in act.package_search(fq="license_id:cc-zero")["results"]] == ["hospital-beds"]
    assert [p["name"] for p in act.package_search(fq="groups:finance")["results"]] == ["federal-budget"]
    paged = act.package_search(rows=1, start=1, sort="name asc", **{"facet.field": '["tags"]'})
    assert paged["count"] == 2 and [p["name"] for p in paged["results"]] == ["hospital-beds"]
    assert set(paged["search_facets"]) == {"tags"}
    assert paged["facets"]["tags"] == {"finance": 1, "health": 1}

    package = act.package_show(id="federal-budget")
    assert package["title"] == "الميزانية الاتحادية" and package["organization"]["name"] == entity.slug
    assert act.package_show(id=package["id"])["name"] == "federal-budget"
    resource = act.resource_show(id=package["resources"][0]["id"])
    assert resource["format"] == "CSV" and resource["package_id"] == package["id"]
    assert httpx.get(_local(resource["url"], live_server)).content.startswith(b"year,amount")

    recent = act.current_package_list_with_resources(limit=5)
    assert {p["name"] for p in recent} == {"federal-budget", "hospital-beds"} and recent[0]["resources"]
    assert act.organization_list() == [entity.slug]
    org = act.organization_list(all_fields=True)[0]
    assert org["name"] == entity.slug and org["package_count"] == 2
    shown = act.organization_show(id=entity.slug, include_datasets=True)
    assert sorted(p["name"] for p in shown["packages"]) == ["federal-budget", "hospital-beds"]
    assert sorted(act.group_list()) == ["finance", "health"]
    group = act.group_show(id="health", include_datasets=True)
    assert group["package_count"] == 1 and group["packages"][0]["name"] == "hospital-beds"
    assert sorted(act.tag_list()) == ["finance", "health"]
    assert {lic["id"] for lic in act.license_list()} >= {"cc-by-4.0", "cc-zero"}
    assert [m["name"] for m in act.package_autocomplete(q="hosp")] == ["hospital-beds"]
    assert act.status_show()["api_version"] == 3
    assert act.site_read() is True


def test_errors_reach_ckans_client_as_its_exceptions(live_server, catalogue):
    ckan = RemoteCKAN(live_server.url)
    with pytest.raises(NotFound):
        ckan.action.package_show(id="no-such-dataset")
    with pytest.raises(NotFound):
        ckan.action.package_show(id="draft-data")  # unpublished: not there for the public
    with pytest.raises(NotFound):
        ckan.action.resource_show(id="00000000-0000-0000-0000-000000000000")
    with pytest.raises(ValidationError) as error:
        ckan.action.package_search(rows="many")
    assert error.value.error_dict["rows"] == ["Invalid integer"]
    with pytest.raises(CKANAPIError, match="Action name not known"):
        ckan.call_action("no_such_action")
    with pytest.raises(NotAuthorized):  # a write without a key
        ckan.action.package_create(name="sneaky", title="x")
    with pytest.raises(NotAuthorized):  # a key that is not valid
        RemoteCKAN(live_server.url, apikey="shk_nope_nope").action.package_list()
    assert not Dataset.objects.filter(name="sneaky").exists()


def test_a_huge_start_is_refused_cleanly(live_server, catalogue):
    response = httpx.get(f"{live_server.url}/api/3/action/package_search", params={"start": "9" * 40})
    assert response.status_code == 409
    assert response.json()["error"]["__type"] == "Validation Error" and response.json()["error"]["start"]


def test_plain_gets_like_curl_and_no_csrf_on_posts(live_server, catalogue):
    for prefix in ("/api/action/", "/api/3/action/"):
        response = httpx.get(live_server.url + prefix + "package_show", params={"id": "hospital-beds"})
        assert response.status_code == 200 and response.headers["content-type"] == "application/json"
        assert response.json()["result"]["name"] == "hospital-beds"
        missing = httpx.get(live_server.url + prefix + "package_show", params={"id": "nope"})
        assert missing.status_code == 404
        assert missing.json() == {
            "help": missing.json()["help"],
            "success": False,
            "error": {"__type": "Not Found Error", "message": missing.json()["error"]["message"]},
        }
    # a form body, no cookie, no CSRF token
    form = httpx.post(live_server.url + "/api/3/action/package_search", data={"q": "budget"})
    assert form.status_code == 200 and form.json()["result"]["count"] == 1
    # writes are never done by GET (a link must not change data)
    get_write = httpx.get(live_server.url + "/api/3/action/package_delete", params={"id": "hospital-beds"})
    assert get_write.status_code == 400 and Dataset.objects.get(name="hospital-beds").is_published
    bad_json = httpx.post(
        live_server.url + "/api/3/action/package_show",
        content=b"[" * 100_000,
        headers={"Content-Type": "application/json"},
    )
    assert bad_json.status_code == 400 and bad_json.json()["success"] is False


def test_an_entity_creates_updates_patches_and_deletes_with_its_key(
    live_server, entity, licences, entity_key
):
    ckan = RemoteCKAN(live_server.url, apikey=entity_key)
    created = ckan.action.package_create(
        name="air-quality",
        title="جودة الهواء",
        title_en="Air quality",
        notes="قراءات المحطات",
        license_id="cc-by-4.0",
        owner_org=entity.slug,
        tags=[{"name": "air"}, {"name": "environment"}],
        groups=[{"name": "environment"}],
        extras=[{"key": "stars", "value": "5"}, {"key": "update_frequency", "value": "daily"}],
        resources=[{"name": "Readings", "url": "https://example.org/air.json", "format": "JSON"}],
    )
    assert created["name"] == "air-quality" and created["organization"]["name"] == entity.slug
    assert sorted(t["name"] for t in created["tags"]) == ["air", "environment"]
    extras = {e["key"]: e["value"] for e in created["extras"]}
    assert extras["stars"] == "3" and extras["update_frequency"] == "daily"  # computed, not the "5" sent
    dataset = Dataset.objects.get(name="air-quality")
    assert dataset.source == Dataset.Source.PUSHED and dataset.sector == "environment"
    assert RemoteCKAN(live_server.url).action.package_show(id="air-quality")["title"] == "جودة الهواء"

    # package_update with what package_show gave back changes nothing: no version, no audit record
    version, audits = dataset.version, AuditRecord.objects.count()
    again = ckan.action.package_update(**ckan.action.package_show(id="air-quality"))
    assert again["metadata_modified"] == created["metadata_modified"]
    dataset.refresh_from_db()
    assert (dataset.version, AuditRecord.objects.count()) == (version, audits)

    patched = ckan.action.package_patch(id="air-quality", notes="محدّث")
    assert patched["notes"] == "محدّث" and patched["title"] == "جودة الهواء" and len(patched["resources"]) == 1
    updated = ckan.action.package_update(id="air-quality", name="air-quality", title="جودة الهواء اليومية")
    assert updated["notes"] == "" and updated["tags"] == [] and len(updated["resources"]) == 1

    # a file, uploaded as CKAN does (multipart, field "upload"), through the same checks as every upload
    resource = ckan.action.resource_create(
        package_id="air-quality",
        name="Readings (CSV)",
        upload=("readings.csv", io.BytesIO(b"station,pm10\nA,12\nB,40\n")),
    )
    assert resource["format"] == "CSV" and resource["url_type"] == "upload"
    assert httpx.get(_local(resource["url"], live_server)).content.startswith(b"station")
    with pytest.raises(ValidationError):
        ckan.action.resource_create(
            package_id="air-quality", name="Fake", upload=("fake.xlsx", io.BytesIO(b"not a workbook"))
        )
    patched_res = ckan.action.resource_patch(id=resource["id"], description="Hourly means")
    assert patched_res["description"] == "Hourly means" and patched_res["name"] == "Readings (CSV)"
    replaced = ckan.action.resource_update(
        id=resource["id"],
        name="Readings (CSV)",
        upload=("readings.csv", io.BytesIO(b"station,pm10\nA,13\n")),
    )
    assert replaced["hash"] != resource["hash"] and replaced["description"] == ""
    ckan.action.resource_delete(id=resource["id"])
    assert len(ckan.action.package_show(id="air-quality")["resources"]) == 1

    ckan.action.package_delete(id="air-quality")
    with pytest.raises(NotFound):
        RemoteCKAN(live_server.url).action.package_show(id="air-quality")
    assert ckan.action.package_show(id="air-quality")["state"] == "deleted"  # the owner still sees it
    assert Dataset.objects.filter(name="air-quality", is_published=False).exists()  # nothing is lost
    actions = set(AuditRecord.objects.filter(source="api").values_list("action", flat=True))
    assert {
        "dataset.create",
        "dataset.update",
        "resource.add",
        "resource.update",
        "resource.delete",
    } <= actions


def test_another_entitys_dataset_is_refused(live_server, catalogue, entity_key):
    other = EntityFactory(slug="other-entity")
    _key, other_raw = api_key_issue(entity=other, name="Other system")
    intruder = RemoteCKAN(live_server.url, apikey=other_raw)
    budget = catalogue["budget"]
    with pytest.raises(NotAuthorized):
        intruder.action.package_patch(id="federal-budget", notes="taken over")
    with pytest.raises(NotAuthorized):
        intruder.action.package_delete(id="federal-budget")
    resource_id = str(budget.resources.first().uuid)
    with pytest.raises(NotAuthorized):
        intruder.action.resource_delete(id=resource_id)
    with pytest.raises(NotAuthorized):
        intruder.action.package_create(name="in-their-name", title="x", owner_org=budget.entity.slug)
    with pytest.raises(NotFound):  # another entity's unpublished dataset is not even seen
        intruder.action.package_show(id="draft-data")
    with pytest.raises(ValidationError) as error:
        RemoteCKAN(live_server.url, apikey=entity_key).action.package_create(name="federal-budget", title="x")
    assert error.value.error_dict["name"]
    budget.refresh_from_db()
    assert budget.is_published and budget.description_ar == "وصف" and budget.resources.count() == 1
    assert AuditRecord.objects.filter(action="api.refused").count() == 4  # each attempt is on record
