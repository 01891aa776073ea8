"""Each entity's risk register next to the federal one: a coordinator sees and keeps only their own
entity's risks; the federal team sees every register and alone keeps the federal one."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from governance.models import Risk
from governance.services.risks import risk_check_scope, risk_create

pytestmark = pytest.mark.django_db


def make_risk(entity, text):
    return risk_create(
        entity=entity,
        risk_ar=text,
        risk_en=text,
        type="operational",
        recovery_plan_ar="خطة",
        owner_ar="المنسق",
        impact=["time"],
        importance="medium",
        registered_on=datetime.date(2026, 1, 5),
    )


@pytest.fixture
def registers(entity, other_entity):
    return {
        "own": make_risk(entity, "OWN-RISK ضعف الإقبال"),
        "foreign": make_risk(other_entity, "FOREIGN-RISK تأخر البيانات"),
        "federal": make_risk(None, "FEDERAL-RISK ضعف التجاوب"),
    }


def test_a_coordinator_lists_only_their_entitys_risks(client, coordinator, registers):
    client.force_login(coordinator)
    html = client.get(reverse("admin:governance_risk_changelist")).content.decode()
    assert "OWN-RISK" in html
    assert "FOREIGN-RISK" not in html and "FEDERAL-RISK" not in html


def test_a_coordinator_cannot_open_or_change_another_register(client, coordinator, registers):
    client.force_login(coordinator)
    own_url = reverse("admin:governance_risk_change", args=[registers["own"].pk])
    assert client.get(own_url).status_code == 200
    for key in ("foreign", "federal"):
        url = reverse("admin:governance_risk_change", args=[registers[key].pk])
        assert client.get(url).status_code == 302  # "does not exist", back to the index
        client.post(url, {"risk_ar": "مخترق", "status": "closed"})
        registers[key].refresh_from_db()
        assert "مخترق" not in registers[key].risk_ar


def test_a_coordinators_new_risk_belongs_to_their_entity(client, coordinator, entity, other_entity):
    client.force_login(coordinator)
    html = client.get(reverse("admin:governance_risk_add")).content.decode()
    assert f'value="{entity.pk}"' in html and f'value="{other_entity.pk}"' not in html
    data = {
        "risk_ar": "خطر جديد",
        "type": "strategic",
        "recovery_plan_ar": "خطة",
        "impact": '["quality"]',
        "importance": "high",
        "owner_ar": "المنسق",
        "registered_on": "2026-02-01",
        "status": "open",
    }
    for target in (other_entity.pk, ""):  # another entity's register, or the federal one: refused
        client.post(reverse("admin:governance_risk_add"), {**data, "entity": target})
    assert not Risk.objects.filter(risk_ar="خطر جديد").exists()
    client.post(reverse("admin:governance_risk_add"), {**data, "entity": entity.pk})
    assert Risk.objects.get(risk_ar="خطر جديد").entity == entity


def test_the_federal_team_sees_every_register_and_alone_keeps_the_federal_one(
    client, federal_user, coordinator, registers
):
    client.force_login(federal_user)
    html = client.get(reverse("admin:governance_risk_changelist")).content.decode()
    assert all(f"{key.upper()}-RISK" in html for key in ("own", "foreign", "federal"))
    risk_check_scope(risk=registers["federal"], user=federal_user)
    with pytest.raises(PermissionDenied):
        risk_check_scope(risk=registers["federal"], user=coordinator)
    with pytest.raises(PermissionDenied):
        risk_check_scope(risk=registers["foreign"], user=coordinator)
    risk_check_scope(risk=registers["own"], user=coordinator)


def test_the_plans_three_risks_stay_in_the_federal_register():
    assert Risk.objects.filter(entity__isnull=True).count() >= 3
