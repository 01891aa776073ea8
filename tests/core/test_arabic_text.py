"""Defects 7-10 of a first visit: Arabic dates, isolated mixed-direction text, plurals and amounts,
and KPI trends that agree with their numbers — read from the rendered pages, in both languages."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from consultations.models import PollOption, Vote, VoteChoice
from consultations.services.instruments import opinion_map_compute
from governance.models import Kpi
from governance.services.kpis import kpi_value_enter
from tests.consultations.instrument_factories import make_budget
from tests.consultations.test_opinion_map import _seed_votes
from tests.factories import ConsultationFactory, PollFactory, UserFactory

DUBAI = datetime.timezone(datetime.timedelta(hours=4))


def page(client, lang, url_name, *args):
    with translation.override(lang):
        response = client.get(reverse(url_name, args=args))
    assert response.status_code == 200
    return response.content.decode()


def text_of(html: str) -> str:
    """The words a reader sees: tags dropped, spaces collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# --- 7. One Arabic date style, machine-readable ------------------------------------------------


def test_dates_read_day_arabic_month_year_in_a_time_element(client, entity):
    consultation = ConsultationFactory(
        entity=entity,
        opens_at=datetime.datetime(2026, 11, 23, 9, 0, tzinfo=DUBAI),
        closes_at=datetime.datetime(2026, 12, 3, 21, 36, tzinfo=DUBAI),
    )
    html = page(client, "ar", "consultations:detail", consultation.pk)
    assert '<time datetime="2026-11-23">23 نوفمبر 2026</time>' in html
    assert '<time datetime="2026-12-03T21:36+04:00">3 ديسمبر 2026، 9:36 م</time>' in html
    words = text_of(html)
    assert "12/03/2026" not in words and "03/12/2026" not in words
    assert "ديسمبر 3," not in words and "نوفمبر، 2026" not in words  # the two mixed styles of before
    english = page(client, "en", "consultations:detail", consultation.pk)
    assert '<time datetime="2026-12-03T21:36+04:00">3 December 2026, 9:36 PM</time>' in english


def test_every_time_element_on_the_list_carries_an_iso_date(client, entity):
    ConsultationFactory(entity=entity, closes_at=timezone.now() + datetime.timedelta(days=10))
    html = page(client, "ar", "consultations:list")
    stamps = re.findall(r'<time datetime="([^"]+)">([^<]+)</time>', html)
    assert stamps
    for machine, shown in stamps:
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}[+-]\d{2}:\d{2})?", machine)
        assert re.fullmatch(r"\d{1,2} [\u0621-\u064a]+ \d{4}(، \d{1,2}:\d{2} [صم])?", shown), shown


# --- 8. Mixed-direction text isolated -----------------------------------------------------------


def test_opinion_map_statements_keep_their_bullet_and_percentages_are_isolated(client, open_consultation):
    _seed_votes(open_consultation)
    opinion_map_compute(consultation=open_consultation)
    html = page(client, "ar", "consultations:opinions", open_consultation.pk)
    consensus = html[
        html.index('id="consensus-list"') : html.index("</ul>", html.index('id="consensus-list"'))
    ]
    items = re.findall(r"<li([^>]*)>(.*?)</li>", consensus, re.S)
    assert items
    for attributes, body in items:
        # The list item keeps the page's direction (its bullet stays on the right in Arabic) ...
        assert "dir=" not in attributes
        # ... the English statement is isolated, and each percentage keeps its sign beside it.
        assert re.match(r'<bdi class="statement">Statement 10\d</bdi>', body)
        percents = re.findall(r"<bdi>(\d+)%</bdi>", body)
        assert len(percents) == 2
        assert not re.search(r"\d%(?!</bdi>)", body)


def test_budget_titles_and_amounts_are_isolated(client, open_consultation):
    budget, _projects = make_budget(open_consultation, total=1_000_000, projects=(("Park", 250_000),))
    html = page(client, "ar", "consultations:budget", open_consultation.pk, budget.pk)
    assert '<bdi class="amount">1,000,000 درهم</bdi>' in html
    assert '<strong dir="auto">Park</strong> — <bdi class="amount">250,000 درهم</bdi>' in html


# --- 9. Plurals and amounts ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "votes,arabic,english",
    [
        (1, "(صوت واحد)", "(1 vote)"),
        (2, "(صوتان)", "(2 votes)"),
        (3, "(3 أصوات)", "(3 votes)"),
        (11, "(11 صوتًا)", "(11 votes)"),
        (100, "(100 صوت)", "(100 votes)"),
    ],
)
def test_poll_counts_use_the_six_arabic_plural_forms(client, entity, votes, arabic, english):
    consultation = ConsultationFactory(entity=entity)
    poll = PollFactory(consultation=consultation, options=["نعم", "لا"], show_results="always")
    option = PollOption.objects.get(poll=poll, order=0)
    for _ in range(votes):
        vote = Vote.objects.create(poll=poll, user=UserFactory())
        VoteChoice.objects.create(vote=vote, option=option)
    assert arabic in text_of(page(client, "ar", "consultations:detail", consultation.pk))
    assert english in text_of(page(client, "en", "consultations:detail", consultation.pk))


def test_amounts_are_grouped_with_the_currency_in_the_pages_language(client, open_consultation):
    budget, _projects = make_budget(open_consultation, total=1_000_000, projects=(("Park", 250_000),))
    arabic = text_of(page(client, "ar", "consultations:budget", open_consultation.pk, budget.pk))
    english = text_of(page(client, "en", "consultations:budget", open_consultation.pk, budget.pk))
    assert "الميزانية: 1,000,000 درهم" in arabic and "AED" not in arabic
    assert "Budget: AED 1,000,000" in english and "1000000" not in english


# --- 10. KPI trends agree with their numbers ----------------------------------------------------


def _enter(values, user):
    kpi = Kpi.objects.get(code="social-engagement")
    today = timezone.localdate()
    for age, value in zip(range(len(values) - 1, -1, -1), values, strict=True):
        kpi_value_enter(
            kpi=kpi,
            value=Decimal(value),
            measured_on=today - datetime.timedelta(days=30 * age),
            user=user,
            evidence="report",
        )
    return kpi


def _trend_cell(html, kpi):
    row = html[html.index(str(kpi.name)) :]
    return row[row.index('class="kpi-trend"') : row.index("</td>", row.index('class="kpi-trend"'))]


@pytest.mark.parametrize(
    "values,trend,arabic,english",
    [((4, 2, 0), "down", "هابط", "Falling"), ((50, 100), "up", "صاعد", "Rising")],
)
def test_kpi_trend_label_and_arrows_follow_the_numbers(client, federal_user, values, trend, arabic, english):
    kpi = _enter(values, federal_user)
    shown = " ".join(f"<bdi>{v}</bdi>" for v in values)
    with translation.override("ar"):
        cell = _trend_cell(page(client, "ar", "governance:kpis"), kpi)
    assert f'data-trend="{trend}">{arabic}<' in cell
    # Oldest first in reading order: in Arabic that is right to left, so the arrows point left.
    assert shown.replace("> <", "> ← <") in cell and "→" not in cell
    with translation.override("en"):
        cell = _trend_cell(page(client, "en", "governance:kpis"), kpi)
    assert f'data-trend="{trend}">{english}<' in cell
    assert shown.replace("> <", "> → <") in cell and "←" not in cell
