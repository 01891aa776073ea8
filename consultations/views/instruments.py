"""Public pages of the engagement instruments: answer a survey, allocate a budget, the opinion map."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sharik.core.client_address import client_ip

from .. import selectors, selectors_instruments
from ..lifecycle_rules import participation_note
from ..models import OpinionStatement, ParticipatoryBudget, Survey, SurveyResponse
from ..services import instruments as services


def _errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _survey_answered(request, survey: Survey) -> bool:
    if request.user.is_authenticated:
        return SurveyResponse.objects.filter(survey=survey, user=request.user).exists()
    key = request.session.session_key
    return bool(key) and SurveyResponse.objects.filter(survey=survey, session_key=key).exists()


@require_http_methods(["GET", "POST"])
def survey_detail(request, pk: int, survey_pk: int):
    consultation = selectors.consultation_visible(user=request.user, pk=pk)
    survey = get_object_or_404(Survey, pk=survey_pk, consultation=consultation)
    errors: dict = {}
    submitted = {}
    if request.method == "POST":
        answers = services.survey_answers_from_post(survey, request.POST)
        submitted = request.POST
        session_key = None
        if not request.user.is_authenticated:
            if not request.session.session_key:
                request.session.save()
            session_key = request.session.session_key
        try:
            services.survey_response_submit(
                survey=survey,
                answers=answers,
                user=request.user,
                session_key=session_key,
                client_ip=client_ip(request),
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                errors = dict(error.message_dict.items())
                messages.error(request, _("Please check the answers marked below."))
            else:
                _errors(request, error)
        else:
            messages.success(request, _("Thank you: your answers are recorded."))
            return redirect("consultations:survey", pk=consultation.pk, survey_pk=survey.pk)
    is_coordinator = request.user.has_perm("consultations.change_consultation", consultation)
    results = selectors_instruments.survey_results(survey)
    is_open = consultation.accepts_contributions()
    answered = _survey_answered(request, survey)
    # Public results are shown once the person has answered or the consultation has closed, so
    # nobody answers under the influence of the running tally (issue 13, defect 13).
    show_results = is_coordinator or (survey.results_public and (answered or not is_open))
    questions = []
    for item in results["questions"]:
        q = item["question"]
        questions.append(
            {
                "q": q,
                "name": f"q-{q.pk}",
                "errors": errors.get(f"q-{q.pk}", []),
                "value": submitted.get(f"q-{q.pk}", "") if submitted else "",
                "values": submitted.getlist(f"q-{q.pk}") if submitted else [],
            }
        )
    context = {
        "consultation": consultation,
        "survey": survey,
        "questions": questions,
        "is_open": is_open,
        "anyone": services.anyone_may_take_part(consultation),
        "answered": answered,
        "results_later": survey.results_public and not show_results,
        "results": results if show_results else None,
        "chart": selectors_instruments.survey_chart_data(results) if show_results else [],
        "is_coordinator": is_coordinator,
        "scale": range(1, 6),
    }
    return render(request, "consultations/instruments/survey.html", context, status=400 if errors else 200)


@login_required
def survey_export(request, pk: int, survey_pk: int):
    consultation = selectors.consultation_visible(user=request.user, pk=pk)
    survey = get_object_or_404(Survey, pk=survey_pk, consultation=consultation)
    if not request.user.has_perm("consultations.change_consultation", consultation):
        raise PermissionDenied
    response = HttpResponse(selectors_instruments.survey_csv(survey), content_type="text/csv; charset=utf-8")
    name = slugify(survey.title_en or "") or f"survey-{survey.pk}"
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


@require_http_methods(["GET", "POST"])
def budget_detail(request, pk: int, budget_pk: int):
    consultation = selectors.consultation_visible(user=request.user, pk=pk)
    budget = get_object_or_404(ParticipatoryBudget, pk=budget_pk, consultation=consultation)
    refusal: list[str] = []
    mine: set[int] = set()
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        ticked = request.POST.getlist("project")
        try:
            services.budget_allocate(budget=budget, user=request.user, project_ids=ticked)
        except ValidationError as error:
            # Refused: the page again with the message beside the form and what was just ticked.
            refusal = error.messages
            mine = {int(pk) for pk in ticked if pk.isdigit()}
        else:
            messages.success(
                request, _("Your allocation is recorded; you can change it while the vote is open.")
            )
            return redirect("consultations:budget", pk=consultation.pk, budget_pk=budget.pk)
    elif request.user.is_authenticated:
        mine = set(
            budget.allocations.filter(user=request.user)
            .values_list("projects__pk", flat=True)
            .exclude(projects__pk=None)
        )
    is_open = consultation.accepts_contributions()
    context_projects = list(budget.projects.all())
    context = {
        "consultation": consultation,
        "budget": budget,
        "projects": context_projects,
        "mine": mine,
        "is_open": is_open,
        # The result is public once voting ends (and to the coordinator at any time).
        "result": selectors_instruments.budget_result(budget)
        if not is_open or request.user.has_perm("consultations.change_consultation", consultation)
        else None,
        "rule": selectors_instruments.BUDGET_RULE,
        "refusal": refusal,
        "ticked_total": sum(p.cost for p in context_projects if p.pk in mine),
        "participation": participation_note(consultation, request.user),
    }
    return render(request, "consultations/instruments/budget.html", context, status=400 if refusal else 200)


def opinion_map(request, pk: int):
    consultation = selectors.consultation_visible(user=request.user, pk=pk)
    context = {
        "consultation": consultation,
        "is_open": consultation.accepts_contributions(),
        **selectors_instruments.opinion_page(consultation, request.user),
    }
    return render(request, "consultations/instruments/opinions.html", context)


@login_required
@require_POST
def opinion_statement_create(request, pk: int):
    consultation = selectors.consultation_visible(user=request.user, pk=pk)
    try:
        services.opinion_statement_create(
            consultation=consultation, author=request.user, text=request.POST.get("text", "")
        )
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("Your statement is published; others can now agree or disagree with it."))
    return redirect("consultations:opinions", pk=consultation.pk)


@login_required
@require_POST
def opinion_vote(request, pk: int, statement_pk: int):
    consultation = selectors.consultation_visible(user=request.user, pk=pk)
    statement = get_object_or_404(OpinionStatement, pk=statement_pk, consultation=consultation)
    try:
        services.opinion_vote_cast(
            statement=statement, user=request.user, value=request.POST.get("value", "")
        )
    except ValidationError as error:
        _errors(request, error)
    return redirect(reverse("consultations:opinions", args=[consultation.pk]) + f"#statement-{statement.pk}")
