"""Issue 19 item 1: no JSON-LD remote context is fetched or opened, and every harvest run ends recorded."""

import json

from opendata import services
from opendata.models import Dataset, HarvestSource
from opendata.services import harvest_run

from .conftest import reply

DCAT = "http://www.w3.org/ns/dcat#"


def _catalogue(context) -> bytes:
    return json.dumps(
        {
            "@context": context,
            "@graph": [{"@id": "https://remote.example/d/1", "@type": "Dataset", "title": "One"}],
        }
    ).encode()


def _harvest(http_server, entity, body, content_type="application/ld+json", path="/catalog.jsonld"):
    http_server.table[path] = reply(200, body, content_type)
    source = HarvestSource.objects.create(
        entity=entity, name="DCAT", url=http_server.base + path, kind="dcat"
    )
    return harvest_run(source=source)


CONTEXT = json.dumps(
    {"@context": {"Dataset": DCAT + "Dataset", "title": "http://purl.org/dc/terms/title"}}
).encode()


def test_remote_context_on_a_local_address_is_never_fetched(http_server, entity):
    http_server.table["/ctx.json"] = reply(200, CONTEXT, "application/ld+json")
    run = _harvest(http_server, entity, _catalogue(f"{http_server.base}/ctx.json"))
    assert run.status == "failed" and run.finished_at is not None
    assert "remote JSON-LD contexts are not followed" in run.errors[0]["error"]
    assert "/ctx.json" not in http_server.hits
    assert not Dataset.objects.exists()


def test_imported_context_is_never_fetched(http_server, entity):
    http_server.table["/ctx.json"] = reply(200, CONTEXT, "application/ld+json")
    run = _harvest(http_server, entity, _catalogue({"@import": f"{http_server.base}/ctx.json"}))
    assert run.status == "failed" and "/ctx.json" not in http_server.hits


def test_file_contexts_are_refused_alike_whether_the_file_exists_or_not(http_server, entity, tmp_path):
    present = tmp_path / "ctx.json"
    present.write_bytes(CONTEXT)
    found = _harvest(http_server, entity, _catalogue(present.as_uri()))
    missing = _harvest(http_server, entity, _catalogue((tmp_path / "absent.json").as_uri()))
    assert found.status == missing.status == "failed"
    assert found.errors == missing.errors  # no file-existence probe
    assert not Dataset.objects.exists()


def test_inline_context_still_harvests(http_server, entity):
    inline = json.loads(CONTEXT)["@context"]
    run = _harvest(http_server, entity, _catalogue(inline))
    assert run.status == "done" and run.created == 1, run.errors


def test_a_parser_error_of_any_kind_still_finishes_the_run(http_server, entity):
    # rdflib's turtle parser raises a SyntaxError, which the run used to let through (left "running").
    run = _harvest(http_server, entity, b"@prefix broken <", content_type="text/turtle", path="/catalog.ttl")
    assert run.status == "failed" and run.finished_at is not None
    assert run.errors == [{"id": None, "error": "the catalogue could not be read (BadSyntax)"}]


def test_uploaded_jsonld_with_a_remote_context_fetches_nothing(http_server, make_dataset):
    http_server.table["/ctx.json"] = reply(200, CONTEXT, "application/ld+json")
    dataset = make_dataset(resources=())
    services.resource_add(
        dataset=dataset,
        name="linked",
        content=_catalogue(f"{http_server.base}/ctx.json"),
        filename="linked.jsonld",
        fmt="JSON-LD",
    )
    assert http_server.hits == []
