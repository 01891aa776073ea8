import csv
import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from governance.models import Risk
from governance.services.risks import risk_close, risk_create


def test_the_register_starts_with_the_plans_three_risks_in_both_languages(db):
    risks = list(Risk.objects.order_by("pk"))
    assert [r.risk_ar for r in risks] == [
        "ضعف تجاوب بعض الجهات الاتحادية مع الاستراتيجية",
        "عدم تجاوب جمهور المتعاملين مع مواضيع المشاركة",
        "عدم وجود آلية عمل معتمدة داخل الجهة الحكومية لتطبيق المشاركة الإلكترونية",
    ]
    assert all(r.risk_en and r.recovery_plan_en and r.owner_en for r in risks)
    assert [r.type for r in risks] == ["strategic", "strategic", "operational"]
    assert all(
        r.impact == ["time", "quality"] and r.importance == "high" and r.status == "open" for r in risks
    )


def _risk(**fields):
    defaults = {
        "risk_ar": "خطر",
        "recovery_plan_ar": "خطة",
        "owner_ar": "الفريق",
        "type": "operational",
        "impact": ["cost"],
        "importance": "low",
        "registered_on": datetime.date(2026, 5, 10),
    }
    return risk_create(**{**defaults, **fields})


def test_closing_needs_a_closed_date_not_before_the_registered_date(db):
    risk = _risk()
    with translation.override("en"), pytest.raises(ValidationError, match="before the date registered"):
        risk_close(risk=risk, closed_on=datetime.date(2026, 5, 9))
    risk.refresh_from_db()
    assert risk.status == "open" and risk.closed_on is None
    risk_close(risk=risk, closed_on=datetime.date(2026, 5, 10))  # the same day is allowed
    risk.refresh_from_db()
    assert risk.status == "closed" and risk.closed_on == datetime.date(2026, 5, 10)


def test_the_database_also_refuses_an_inconsistent_closed_risk(db):
    risk = _risk()
    with pytest.raises(IntegrityError), transaction.atomic():
        Risk.objects.filter(pk=risk.pk).update(status="closed")  # no closed date
    with pytest.raises(IntegrityError):
        Risk.objects.filter(pk=risk.pk).update(status="closed", closed_on=datetime.date(2026, 1, 1))


def test_impact_must_be_from_the_list_and_not_empty(db):
    with pytest.raises(ValidationError):
        _risk(impact=[])
    with pytest.raises(ValidationError):
        _risk(impact=["weather"])


def test_the_register_is_filterable_and_exports_csv(client, federal_user):
    _risk(risk_ar="خطر السمعة", risk_en="Reputation risk", impact=["reputation"])
    client.force_login(federal_user)
    listing = client.get("/en/admin/governance/risk/?impact=reputation").content.decode()
    assert "Reputation risk" in listing and "Weak response of some federal entities" not in listing
    listing = client.get("/en/admin/governance/risk/?type__exact=strategic").content.decode()
    assert "Weak response of some federal entities" in listing and "Reputation risk" not in listing

    response = client.post(
        "/admin/governance/risk/",
        {"action": "export_csv", "_selected_action": list(Risk.objects.values_list("pk", flat=True))},
    )
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["risk_ar", "risk_en", "type"]
    assert len(rows) == 1 + 4
    assert rows[1][5:7] == ["time|quality", "high"]


def test_citizens_cannot_see_the_register(client, citizen):
    # A coordinator now keeps their own entity's register (tests/governance/test_entity_risks.py).
    client.force_login(citizen)
    assert client.get("/admin/governance/risk/").status_code in (302, 403)
