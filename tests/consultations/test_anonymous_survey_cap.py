"""Anonymous survey responses are capped per client address, like anonymous votes (issue 19 item 13)."""

import pytest
from django.test import Client
from django.urls import reverse

from consultations.models import Plan, SurveyResponse

from .instrument_factories import make_survey

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_new_sessions_from_one_address_cannot_stuff_a_survey(settings, open_consultation):
    settings.ANONYMOUS_SURVEY_RESPONSES_PER_HOUR = 2
    Plan.objects.create(
        consultation=open_consultation, objective="x", participation=Plan.Participation.ANYONE
    )
    survey, qs = make_survey(open_consultation)
    url = reverse("consultations:survey", args=[open_consultation.pk, survey.pk])
    data = {f"q-{qs['single'].pk}": qs["single"].choices.first().pk, f"q-{qs['scale'].pk}": "3"}
    for _ in range(2):
        assert Client().post(url, data, REMOTE_ADDR="203.0.113.5").status_code == 302
    refused = Client().post(url, data, REMOTE_ADDR="203.0.113.5", follow=True)
    assert "Too many contributions from this connection" in refused.content.decode()
    assert SurveyResponse.objects.count() == 2
    assert Client().post(url, data, REMOTE_ADDR="198.51.100.7").status_code == 302  # another address
    assert SurveyResponse.objects.count() == 3
