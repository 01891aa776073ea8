"""Defect 16 of a first visit, in the admin: Django 6.1 strings in Arabic, styled breadcrumbs on our own
pages, a campaign list that fits, drop-downs narrowed to the form's campaign, and phase forms that
return to their campaign."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from consultations.models import OfflineContribution, PollOption
from consultations.phases import Phase


def options_of(html: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return [label.strip() for label in re.findall(r"<option[^>]*>([^<]*)</option>", select)]


@pytest.fixture
def two_campaigns(campaign):
    """Two campaigns of the coordinator's entity in Conduct, each with its own poll options."""
    first, second = campaign(Phase.CONDUCT), campaign(Phase.CONDUCT)
    PollOption.objects.filter(poll__consultation=first).update(label_ar="مساءً", label_en="Evenings")
    PollOption.objects.filter(poll__consultation=second).update(label_ar="صباحًا", label_en="Mornings")
    return first, second


def test_a_phase_form_offers_only_its_own_campaigns_options(client, coordinator, two_campaigns):
    first, second = two_campaigns
    client.force_login(coordinator)
    add = reverse("admin:consultations_offlinecontribution_add")
    html = client.get(f"{add}?consultation={first.pk}").content.decode()
    offered = options_of(html, "poll_option")
    assert any("مساءً" in label for label in offered)
    assert not any("صباحًا" in label for label in offered)
    contribution = OfflineContribution.objects.create(
        consultation=second, channel="meeting", date="2026-12-01", text="x", entered_by=coordinator
    )
    change = reverse("admin:consultations_offlinecontribution_change", args=[contribution.pk])
    offered = options_of(client.get(change).content.decode(), "poll_option")
    assert any("صباحًا" in label for label in offered) and not any("مساءً" in label for label in offered)


def test_saving_a_phase_form_returns_to_its_campaign(client, coordinator, two_campaigns):
    first, _second = two_campaigns
    client.force_login(coordinator)
    option = PollOption.objects.filter(poll__consultation=first).first()
    response = client.post(
        f"{reverse('admin:consultations_offlinecontribution_add')}?consultation={first.pk}",
        {
            "consultation": first.pk,
            "channel": "meeting",
            "date": "2026-12-01",
            "people_count": 12,
            "text": "حضر 12 شخصًا الجلسة",
            "poll_option": option.pk,
            "_save": "1",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:consultations_consultation_lifecycle", args=[first.pk])
    assert OfflineContribution.objects.get(consultation=first).poll_option == option
    # "Save and continue editing" still stays on the form.
    contribution = OfflineContribution.objects.get(consultation=first)
    change = reverse("admin:consultations_offlinecontribution_change", args=[contribution.pk])
    response = client.post(
        change,
        {"channel": "phone", "date": "2026-12-01", "people_count": 3, "text": "x", "_continue": "1"},
    )
    assert response.status_code == 302 and response["Location"] == change


def test_the_admin_speaks_arabic_where_django_61_does_not(client, coordinator, two_campaigns):
    first, _second = two_campaigns
    client.force_login(coordinator)
    with translation.override("ar"):
        listing = client.get(reverse("admin:consultations_consultation_changelist")).content.decode()
        form = client.get(
            f"{reverse('admin:consultations_offlinecontribution_add')}?consultation={first.pk}"
        ).content.decode()
        catalogue = client.get(reverse("admin:jsi18n")).content.decode()
    assert ">نفّذ</button>" in listing and ">Run</button>" not in listing
    assert "تصفية حسب" in listing and "Filter by" not in listing
    assert "- اختر -" in form and "Select an option" not in form
    # The date-time widgets' time-zone note comes from the admin's JavaScript catalogue.
    assert "\\u0645\\u0644\\u0627\\u062d\\u0638\\u0629" in catalogue  # "ملاحظة"


def test_custom_admin_pages_use_the_admins_breadcrumbs(client, coordinator, two_campaigns):
    first, _second = two_campaigns
    client.force_login(coordinator)
    for name in ("lifecycle", "analysis"):
        html = client.get(
            reverse(f"admin:consultations_consultation_{name}", args=[first.pk])
        ).content.decode()
        assert '<ol class="breadcrumbs">' in html and '<div class="breadcrumbs">' not in html
        assert re.search(r'<li aria-current="page">[^<]+</li>\s*</ol>', html)


def test_the_campaign_list_keeps_five_columns_with_the_lifecycle_link(client, coordinator, two_campaigns):
    client.force_login(coordinator)
    html = client.get(reverse("admin:consultations_consultation_changelist")).content.decode()
    table = html[html.index('id="result_list"') :]
    head = table[: table.index("</thead>")]
    columns = re.findall(r'<th scope="col" class="([^"]*)"', head)
    assert any("column-lifecycle_link" in c for c in columns)
    assert len([c for c in columns if "action-checkbox-column" not in c]) <= 5
