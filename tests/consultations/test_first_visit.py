"""Issue 13's first-visit defects on the consultation pages: refusals beside the form that caused
them (2), who may take part shown before acting (3), the budget's running total and refused ticks (11)."""

import re

import pytest
from django.urls import reverse

from consultations.models import BudgetAllocation, Comment, Idea, IdeaSupport, Plan, Vote
from tests.factories import CommentFactory, ConsultationFactory, IdeaFactory, PollFactory

from .instrument_factories import make_budget

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _form(html: str, form_id: str) -> str:
    """The markup of the element with this id (a form, or a card holding one)."""
    start = html.index(f'id="{form_id}"')
    start = html.rindex("<", 0, start)
    tag = re.match(r"<(\w+)", html[start:]).group(1)
    depth, at = 0, start
    for match in re.finditer(rf"<(/?){tag}\b", html[start:]):
        depth += -1 if match.group(1) else 1
        if depth == 0:
            at = start + match.end()
            break
    return html[start:at]


def _alert(fragment: str) -> str:
    match = re.search(r'<div class="[^"]*form-refusal[^"]*" role="alert"[^>]*>(.*?)</div>', fragment, re.S)
    assert match, "no alert beside the form"
    return match.group(1)


def test_a_refused_comment_is_explained_beside_its_form_and_the_text_is_kept(
    client, citizen, open_consultation
):
    client.force_login(citizen)
    url = reverse("consultations:comment-create", args=[open_consultation.pk])
    response = client.post(url, {"body": "Visit <b>my site</b> please"})
    assert response["Location"].endswith("#comment-form")
    html = client.get(response["Location"]).content.decode()
    form = _form(html, "comment-form")
    assert "HTML tags" in _alert(form)
    assert "Visit &lt;b&gt;my site&lt;/b&gt; please</textarea>" in form
    assert html.count('role="alert"') == 1  # not also at the top of the page, off-screen
    assert not Comment.objects.exists()
    # Shown once: reloading the page clears it.
    assert 'role="alert"' not in client.get(open_consultation.get_absolute_url()).content.decode()


def test_a_refused_reply_opens_its_thread_with_the_message(client, citizen, open_consultation):
    parent = CommentFactory(consultation=open_consultation)
    client.force_login(citizen)
    response = client.post(
        reverse("consultations:comment-create", args=[open_consultation.pk]),
        {"body": "x" * 2001, "parent": parent.pk},
    )
    html = client.get(response["Location"]).content.decode()
    assert '<details class="comment-replies" open>' in html
    assert "2000 characters" in _alert(_form(html, f"reply-form-{parent.pk}"))


def test_a_refused_vote_keeps_the_ticks_and_says_why_beside_the_question(client, citizen, open_consultation):
    poll = PollFactory(consultation=open_consultation)  # one answer only
    first, second = list(poll.options.all())[:2]
    client.force_login(citizen)
    response = client.post(
        reverse("consultations:vote", args=[open_consultation.pk, poll.pk]), {"option": [first.pk, second.pk]}
    )
    assert response["Location"].endswith(f"#poll-{poll.pk}")
    card = _form(client.get(response["Location"]).content.decode(), f"poll-{poll.pk}")
    assert "one answer" in _alert(card)
    assert f'id="option-{first.pk}" checked' in card and f'id="option-{second.pk}" checked' in card
    assert not Vote.objects.exists()


def test_a_refused_idea_keeps_title_and_text(client, citizen, open_consultation):
    client.force_login(citizen)
    response = client.post(
        reverse("consultations:idea-create", args=[open_consultation.pk]),
        {"title": "Shaded bus stops", "body": "<script>x</script>"},
    )
    form = _form(client.get(response["Location"]).content.decode(), "idea-form")
    assert _alert(form)
    assert 'value="Shaded bus stops"' in form and "&lt;script&gt;x&lt;/script&gt;</textarea>" in form
    assert not Idea.objects.exists()


def test_a_refused_support_is_explained_on_the_idea(client, citizen, open_consultation):
    idea = IdeaFactory(consultation=open_consultation, author=citizen)
    client.force_login(citizen)
    response = client.post(reverse("consultations:idea-support", args=[open_consultation.pk, idea.pk]))
    card = _form(client.get(response["Location"]).content.decode(), f"idea-{idea.pk}")
    assert _alert(card)
    assert not IdeaSupport.objects.exists()


def test_a_closed_consultation_still_says_why_the_comment_was_refused(client, citizen, open_consultation):
    client.force_login(citizen)
    url = reverse("consultations:comment-create", args=[open_consultation.pk])
    open_consultation.phase = "analysis"
    open_consultation.save()
    html = client.get(client.post(url, {"body": "late"})["Location"]).content.decode()
    assert "closed to contributions" in _alert(html)


@pytest.fixture
def verified_only(entity):
    consultation = ConsultationFactory(entity=entity)
    Plan.objects.create(consultation=consultation, objective="x", participation=Plan.Participation.VERIFIED)
    return consultation


def test_who_may_take_part_is_shown_before_acting_and_the_forms_are_disabled(client, citizen, verified_only):
    poll = PollFactory(consultation=verified_only)
    client.force_login(citizen)
    html = client.get(verified_only.get_absolute_url()).content.decode()
    note = _form(html, "participation-note")
    assert "Only verified residents may take part" in note and "How to qualify" in note
    assert f'id="poll-{poll.pk}"' in html
    assert 'disabled aria-describedby="participation-note"' in _form(html, f"poll-{poll.pk}")
    assert "disabled" in _form(html, "comment-form")
    citizen.is_verified_resident = True
    citizen.save()
    html = client.get(verified_only.get_absolute_url()).content.decode()
    assert "How to qualify" not in html and "Only verified residents may take part" in html
    assert "disabled" not in _form(html, f"poll-{poll.pk}")


def test_the_budget_says_who_may_take_part_before_choosing(client, citizen, verified_only):
    budget, _projects = make_budget(verified_only)
    client.force_login(citizen)
    html = client.get(reverse("consultations:budget", args=[verified_only.pk, budget.pk])).content.decode()
    assert "How to qualify" in html
    assert 'disabled aria-describedby="participation-note"' in _form(html, "budget-form")


def test_an_over_budget_refusal_shows_what_was_just_ticked_and_the_total(client, citizen, open_consultation):
    budget, (park, library, bench, lamp) = make_budget(open_consultation)
    client.force_login(citizen)
    url = reverse("consultations:budget", args=[open_consultation.pk, budget.pk])
    client.post(url, {"project": [lamp.pk]})  # saved: the lamp
    response = client.post(url, {"project": [park.pk, library.pk]})
    form = _form(response.content.decode(), "budget-form")
    assert "more than the budget" in _alert(form)
    assert f'id="project-{park.pk}" data-cost="{park.cost}" checked' in form
    assert f'id="project-{library.pk}" data-cost="{library.cost}" checked' in form
    assert f'id="project-{lamp.pk}" data-cost="{lamp.cost}">' in form  # the old choice is not shown
    assert f"<bdi>{park.cost + library.cost}</bdi>" in form  # the running total of the ticks
    assert 'id="budget-over" class="text-danger">' in form  # over the budget: said, not hidden
    assert list(BudgetAllocation.objects.get().projects.all()) == [lamp]


def test_survey_results_appear_after_answering_or_closing(client, citizen, open_consultation):
    from consultations.services.instruments import survey_response_submit
    from tests.factories import UserFactory

    from .instrument_factories import make_survey
    from .test_surveys import _answers

    survey, questions = make_survey(open_consultation)
    survey_response_submit(survey=survey, user=UserFactory(), answers=_answers(questions))
    url = reverse("consultations:survey", args=[open_consultation.pk, survey.pk])
    client.force_login(citizen)
    html = client.get(url).content.decode()
    assert 'id="results-heading"' not in html and 'id="results-later"' in html
    survey_response_submit(survey=survey, user=citizen, answers=_answers(questions))
    assert 'id="results-heading"' in client.get(url).content.decode()
    client.logout()
    assert 'id="results-heading"' not in client.get(url).content.decode()
    open_consultation.phase = "analysis"
    open_consultation.save()
    assert 'id="results-heading"' in client.get(url).content.decode()
