"""Two systems pushing the same new consultation at the same moment still make exactly one row."""

import threading

import pytest
from django.db import connection, connections

from consultations.models import Consultation
from consultations.services.archive import consultation_upsert
from sharik.core.models import AuditRecord
from tests.factories import EntityFactory

VALUES = {
    "title_ar": "الاستشارة المتزامنة",
    "sector": "health",
    "un_level": "e-consultation",
    "escwa_stage": "participation",
    "phase": "conduct",
}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_pushes_of_a_new_consultation_make_one_row():
    assert connection.vendor == "postgresql"
    entity = EntityFactory()
    barrier = threading.Barrier(4)
    outcomes: list[str] = []
    errors: list[BaseException] = []

    def push():
        try:
            barrier.wait()
            result = consultation_upsert(
                entity=entity,
                external_id="same",
                values=VALUES,
                source="pushed",
                actor_label="test",
                audit_source="api",
            )
            outcomes.append(result.outcome)
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=push) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(outcomes) == ["created", "unchanged", "unchanged", "unchanged"]
    assert Consultation.objects.filter(external_id="same").count() == 1
    assert AuditRecord.objects.filter(action="archive.create").count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_bulk_pushes_of_the_same_new_ids_make_one_row_each():
    """Four bulk pushes of the same 50 new ids at once: one row and one creation record per id."""
    from consultations.services.archive import BulkItem, consultation_bulk_upsert

    assert connection.vendor == "postgresql"
    entity = EntityFactory()
    items = [BulkItem(external_id=f"b-{i}", values=VALUES) for i in range(50)]
    barrier = threading.Barrier(4)
    outcomes: list[str] = []
    errors: list[BaseException] = []

    def push():
        try:
            barrier.wait()
            results = consultation_bulk_upsert(
                entity=entity, items=items, source="pushed", actor_label="test", audit_source="api"
            )
            outcomes.extend(result.outcome for result in results)
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=push) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert outcomes.count("created") == 50
    assert outcomes.count("unchanged") == 150
    assert Consultation.objects.filter(external_id__startswith="b-").count() == 50
    assert AuditRecord.objects.filter(action="archive.create").count() == 50
