"""Property-based fuzzing of the API with schemathesis against the live /api/schema/.

Every operation of the OpenAPI schema gets its explicit examples and a bounded number of generated
requests (derandomised, so a run is reproducible), sent in-process to the WSGI application with an
entity API key. Checks: no 5xx, and status codes, content types, headers and bodies conform to the
schema. Pushes go to the key's own entity, so the write paths are fuzzed beyond the 403 of a foreign slug.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from consultations.services.archive import api_key_issue
from tests.factories import ConsultationFactory, EntityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def entity_key(db):
    entity = EntityFactory(slug="fuzz-entity")
    ConsultationFactory(entity=entity)
    _key, raw = api_key_issue(entity=entity, name="Fuzz key")
    return entity, raw


@pytest.fixture
def api_schema(db, entity_key):
    """The schema as the running app serves it. Like Django's test client, keep the test's connection
    open across in-process requests (their start/finish signals would otherwise close it)."""
    from sharik.wsgi import application

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


# What the API answers must be what its schema says. Whether it accepts every schema-valid input is
# not asked: some rules cannot be written in a schema ("a public address", "an entity that exists"),
# and DRF ignores an unknown `ordering` or an empty filter on purpose.
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]

FUZZ = settings(
    max_examples=15,
    deadline=None,
    derandomize=True,  # reproducible: the same requests on every run
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


def test_the_api_never_answers_5xx_and_keeps_to_its_schema(api_schema, entity_key):
    entity, raw_key = entity_key
    headers = {"Authorization": f"Bearer {raw_key}"}
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 9, "every operation of /api/schema/ is fuzzed"
    failures = []
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @FUZZ
            @given(case=operation.as_strategy(generation_mode=mode))
            def fuzz(case):
                if "entity_slug" in (case.path_parameters or {}):
                    case.path_parameters["entity_slug"] = entity.slug
                response = case.call_and_validate(headers=headers, checks=CHECKS)
                assert response.status_code < 500

            try:
                fuzz()
            except Unsatisfiable:  # nothing to break: an operation without inputs has no negative cases
                continue
            except (AssertionError, BaseExceptionGroup) as error:  # schemathesis groups its findings
                failures.append(f"{operation.label} ({mode.value}): {error}")
    assert not failures, "\n\n".join(failures)


# --- The CKAN Action API (not in the OpenAPI schema: CKAN's own contract) --------------------------
CKAN_VALUES = st.one_of(
    st.text(max_size=60),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.booleans(),
    st.none(),
    st.lists(st.text(max_size=10), max_size=3),
    st.dictionaries(st.text(max_size=10), st.text(max_size=10), max_size=3),
)
CKAN_PARAMS = st.dictionaries(
    st.sampled_from(
        [
            "id",
            "name",
            "q",
            "fq",
            "rows",
            "start",
            "sort",
            "limit",
            "offset",
            "facet.field",
            "all_fields",
            "include_datasets",
            "package_id",
            "url",
            "title",
            "tags",
            "resources",
            "extras",
            "license_id",
            "groups",
            "private",
            "owner_org",
        ]
    ),
    CKAN_VALUES,
    max_size=6,
)


def test_the_ckan_api_never_answers_5xx_and_keeps_its_envelope(client, entity_key):
    """Every CKAN action, as GET (strings) and as POST (any JSON), with and without the entity's key."""
    from opendata.ckan import ACTIONS, WRITE_ACTIONS

    entity, raw_key = entity_key
    keyed = {"HTTP_AUTHORIZATION": raw_key}

    @settings(
        max_examples=8,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(params=CKAN_PARAMS, with_key=st.booleans())
    def fuzz(action, params, with_key):
        headers = keyed if with_key else {}
        path = f"/api/3/action/{action}"
        answers = [client.post(path, params, content_type="application/json", **headers)]
        if action not in WRITE_ACTIONS:
            flat = {k: str(v) for k, v in params.items()}
            answers.append(client.get(path, flat, **headers))
        for response in answers:
            assert response.status_code < 500, (action, params, response.content[:300])
            body = response.json()
            assert set(body) in ({"help", "success", "result"}, {"help", "success", "error"})
            if not body["success"]:
                assert response.status_code in (400, 403, 404, 409) and body["error"]["__type"]

    for action in sorted(ACTIONS):
        fuzz(action)
