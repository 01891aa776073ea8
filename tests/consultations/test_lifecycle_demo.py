"""The demo shows a consultation in every phase, walked there by real transitions, on every screen."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from consultations.models import Consultation, PhaseTransition
from consultations.phases import Phase
from sharik.accounts.models import User

pytestmark = pytest.mark.usefixtures("english")


def test_seed_has_every_phase_with_its_history_and_every_screen_opens(db, client):
    call_command("seed_demo", stdout=StringIO())
    counts = (Consultation.objects.count(), PhaseTransition.objects.count())
    call_command("seed_demo", stdout=StringIO())
    assert (Consultation.objects.count(), PhaseTransition.objects.count()) == counts  # idempotent

    order = list(Phase.values)
    assert set(Consultation.objects.values_list("phase", flat=True)) == set(order)
    # Campaigns run on Sharik carry their history; pushed and harvested records come with their phase.
    for consultation in Consultation.objects.filter(source=Consultation.Source.NATIVE):
        moves = list(consultation.transitions.values_list("to_phase", flat=True))
        assert moves == order[1 : order.index(consultation.phase) + 1]

    client.force_login(User.objects.get(email="admin@sharik.example"))
    for consultation in Consultation.objects.all():
        for name in ("lifecycle", "analysis", "change"):
            url = reverse(f"admin:consultations_consultation_{name}", args=[consultation.pk])
            assert client.get(url).status_code == 200, url
        if consultation.is_public:
            assert client.get(consultation.get_absolute_url()).status_code == 200
    assert client.get(reverse("admin:consultations_consultation_moderation")).status_code == 200
    for model in (
        "readiness",
        "plan",
        "decision",
        "evaluation",
        "offlinecontribution",
        "communicationactivity",
    ):
        assert client.get(reverse(f"admin:consultations_{model}_changelist")).status_code == 200
    from consultations.models import (
        CommunicationActivity,
        Decision,
        Evaluation,
        OfflineContribution,
        Plan,
        Readiness,
    )

    for model in (Readiness, Plan, Decision, Evaluation, OfflineContribution, CommunicationActivity):
        for obj in model.objects.all():
            url = reverse(f"admin:consultations_{model._meta.model_name}_change", args=[obj.pk])
            assert client.get(url).status_code == 200, url
