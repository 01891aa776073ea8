"""Writes of the engagement instruments: survey responses, budget allocations, opinion statements and votes.

The same rules as every contribution (open consultation, the plan's "who may take part", plain text),
and database constraints for "once per person".
"""

import hashlib
import json

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sharik.core.audit import audit_record
from sharik.core.display import amount_text

from .. import opinion_map, selectors_instruments
from ..models import (
    BudgetAllocation,
    Consultation,
    OpinionMap,
    OpinionStatement,
    OpinionVote,
    ParticipatoryBudget,
    Plan,
    Survey,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
)
from .anonymous import anonymous_allowance_take
from .contributions import _plain_text, _require_allowed, _require_open, _require_participant, _require_writer

SURVEY_TEXT_MAX = 2000
STATEMENT_MAX = 280
Kind = SurveyQuestion.Kind


def _require_coordinator(user, obj) -> None:
    if not user.has_perm("consultations.change_consultation", obj):
        raise PermissionDenied(_("You do not act for this consultation's entity."))


def anyone_may_take_part(consultation: Consultation) -> bool:
    plan = getattr(consultation, "plan", None)
    return plan is not None and plan.participation == Plan.Participation.ANYONE


# --- Surveys -------------------------------------------------------------------------------------


def survey_answers_from_post(survey: Survey, data) -> dict[int, object]:
    """Read a submitted questionnaire (`q-<id>`, and `q-<id>-rank-<choice>` for rankings) into raw answers."""
    answers: dict[int, object] = {}
    for question in survey.questions.prefetch_related("choices"):
        key = f"q-{question.pk}"
        if question.kind == Kind.MULTIPLE:
            answers[question.pk] = data.getlist(key)
        elif question.kind == Kind.RANKING:
            answers[question.pk] = {c.pk: data.get(f"{key}-rank-{c.pk}", "") for c in question.choices.all()}
        else:
            answers[question.pk] = data.get(key, "")
    return answers


def _clean_answer(question: SurveyQuestion, raw, choice_ids: set[int]):
    """One answer in its stored form, None when left blank; ValidationError when wrong."""
    error = {f"q-{question.pk}": _("This answer is not valid.")}
    if question.kind == Kind.SINGLE:
        if raw in ("", None):
            return None
        if not str(raw).isdigit() or int(raw) not in choice_ids:
            raise ValidationError(error, code="choice")
        return int(raw)
    if question.kind == Kind.MULTIPLE:
        values = [v for v in (raw or []) if v != ""]
        if not values:
            return None
        if not all(str(v).isdigit() and int(v) in choice_ids for v in values):
            raise ValidationError(error, code="choice")
        return sorted({int(v) for v in values})
    if question.kind == Kind.SCALE:
        if raw in ("", None):
            return None
        if str(raw) not in {"1", "2", "3", "4", "5"}:
            raise ValidationError(error, code="scale")
        return int(raw)
    if question.kind == Kind.TEXT:
        text = (raw or "").strip()
        if not text:
            return None
        return _plain_text(text, field=f"q-{question.pk}", max_length=SURVEY_TEXT_MAX)
    # Ranking: every choice gets a distinct rank 1..n; the stored value lists choice ids best first.
    ranks = {int(c): str(r).strip() for c, r in (raw or {}).items()}
    if not any(ranks.values()):
        return None
    n = len(choice_ids)
    if set(ranks) != choice_ids or sorted(ranks.values()) != [str(i) for i in range(1, n + 1)]:
        raise ValidationError(
            {f"q-{question.pk}": _("Give each option a different rank from 1 to %(n)d.") % {"n": n}},
            code="ranking",
        )
    return [c for c, _r in sorted(ranks.items(), key=lambda item: int(item[1]))]


@transaction.atomic
def survey_response_submit(
    *,
    survey: Survey,
    answers: dict[int, object],
    user=None,
    session_key: str | None = None,
    entered_by=None,
    client_ip: str = "",
) -> SurveyResponse:
    """Record one questionnaire: a person's, an anonymous session's (if the plan lets anyone take
    part), or a paper one entered by the coordinator (`entered_by`, allowed after closing too)."""
    consultation = survey.consultation
    offline = entered_by is not None
    if offline:
        _require_coordinator(entered_by, consultation)
        user, session_key = None, None
    else:
        _require_open(consultation)
        if getattr(user, "is_authenticated", False):
            _require_participant(user)
            _require_allowed(consultation, user)
            session_key = None
        elif session_key and anyone_may_take_part(consultation):
            user = None
        else:
            raise ValidationError(_("Please log in to take part."), code="login")
    cleaned: dict[int, object] = {}
    errors: dict[str, list[str]] = {}
    for question in survey.questions.prefetch_related("choices"):
        choice_ids = {c.pk for c in question.choices.all()}
        try:
            value = _clean_answer(question, answers.get(question.pk), choice_ids)
        except ValidationError as error:
            errors.update(error.message_dict)
            continue
        if value is None:
            if question.required:
                errors[f"q-{question.pk}"] = [_("This question needs an answer.")]
            continue
        cleaned[question.pk] = value
    if errors:
        raise ValidationError(errors, code="invalid")
    if session_key and user is None and not offline:
        # Each new browser session could answer again: the address has an allowance, as for votes.
        anonymous_allowance_take(scope="survey-responses", client_ip=client_ip)
    response = SurveyResponse(
        survey=survey, user=user, session_key=session_key, is_offline=offline, entered_by=entered_by
    )
    response.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            response.save()
    except IntegrityError:
        raise ValidationError(_("You have already answered this survey."), code="duplicate") from None
    SurveyAnswer.objects.bulk_create(
        [SurveyAnswer(response=response, question_id=qid, value=value) for qid, value in cleaned.items()]
    )
    if offline:
        audit_record(action="survey-offline-response", obj=consultation, actor=entered_by)
    return response


# --- Participatory budgeting ---------------------------------------------------------------------


@transaction.atomic
def budget_allocate(*, budget: ParticipatoryBudget, user, project_ids: list) -> BudgetAllocation:
    """Record or change a person's basket of projects; its total cost must fit the budget."""
    _require_participant(user)
    _require_open(budget.consultation)
    _require_allowed(budget.consultation, user)
    chosen = {int(pk) for pk in project_ids if str(pk).isdigit()}
    if not chosen or len(chosen) != len(set(map(str, project_ids))):
        raise ValidationError(_("Choose at least one project."), code="empty")
    projects = list(budget.projects.filter(pk__in=chosen))
    if len(projects) != len(chosen):
        raise ValidationError(_("That project does not belong to this budget."), code="foreign_project")
    spent = sum(p.cost for p in projects)
    if spent > budget.total:
        raise ValidationError(
            _("Your choice costs %(spent)s, more than the budget of %(total)s.")
            % {
                "spent": amount_text(spent, budget.currency),
                "total": amount_text(budget.total, budget.currency),
            },
            code="over_budget",
        )
    allocation, _created = BudgetAllocation.objects.get_or_create(budget=budget, user=user)
    allocation = BudgetAllocation.objects.select_for_update().get(pk=allocation.pk)
    allocation.projects.set(projects)
    allocation.save(update_fields=["updated_at"])
    return allocation


@transaction.atomic
def budget_decision_adopt(*, budget: ParticipatoryBudget, user) -> list[int]:
    """Make the decision fund exactly what the stated rule selects (what a binding vote requires)."""
    _require_coordinator(user, budget.consultation)
    funded = selectors_instruments.budget_result(budget)["funded_ids"]
    budget.decided_projects.set(funded)
    audit_record(action="budget-decision-adopt", obj=budget.consultation, actor=user)
    return funded


def budget_binding_refusals(consultation: Consultation) -> list[str]:
    """Under a binding vote, each budget's decided projects must be the computed result."""
    reasons = []
    for budget in consultation.budgets.all():
        funded = set(selectors_instruments.budget_result(budget)["funded_ids"])
        decided = set(budget.decided_projects.values_list("pk", flat=True))
        if funded != decided:
            reasons.append(
                _(
                    "The vote is binding: the decision on “%(budget)s” must fund exactly the projects the "
                    "budget rule selects."
                )
                % {"budget": budget.title}
            )
    return reasons


# --- Opinion map ---------------------------------------------------------------------------------


@transaction.atomic
def opinion_statement_create(*, consultation: Consultation, author, text: str) -> OpinionStatement:
    _require_writer(author)
    _require_open(consultation)
    _require_allowed(consultation, author)
    statement = OpinionStatement(
        consultation=consultation,
        author=author,
        text=_plain_text(text, field="text", max_length=STATEMENT_MAX, min_length=5),
    )
    statement.full_clean()
    statement.save()
    return statement


@transaction.atomic
def opinion_vote_cast(*, statement: OpinionStatement, user, value: int | str) -> OpinionVote:
    """Agree (1), pass (0) or disagree (-1): one vote per person and statement, changeable while open."""
    _require_participant(user)
    _require_open(statement.consultation)
    _require_allowed(statement.consultation, user)
    if statement.is_hidden:
        raise ValidationError(_("This statement is not available."), code="hidden")
    if str(value) not in {"1", "0", "-1"}:
        raise ValidationError(_("Choose agree, disagree or pass."), code="value")
    vote, _created = OpinionVote.objects.update_or_create(
        statement=statement, user=user, defaults={"value": int(value)}
    )
    return vote


@transaction.atomic
def opinion_statement_moderate(*, statement: OpinionStatement, user, hide: bool, reason: str = "") -> None:
    """Hide a statement with a reason (it leaves the page and the map), or restore it."""
    if not user.has_perm("consultations.change_opinionstatement", statement):
        raise PermissionDenied(_("You do not act for this consultation's entity."))
    if hide:
        reason = (reason or "").strip()
        if not reason:
            raise ValidationError(_("Say why the contribution is hidden."), code="reason")
        statement.is_hidden, statement.hidden_reason = True, reason[:300]
        statement.hidden_by, statement.hidden_at = user, timezone.now()
    else:
        statement.is_hidden, statement.hidden_reason, statement.hidden_by, statement.hidden_at = (
            False,
            "",
            None,
            None,
        )
    statement.save(update_fields=["is_hidden", "hidden_reason", "hidden_by", "hidden_at"])
    audit_record(action="opinion-hide" if hide else "opinion-restore", obj=statement.consultation, actor=user)


def opinion_map_compute(*, consultation: Consultation) -> OpinionMap | None:
    """Recompute the opinion groups when the votes changed since the last run (idempotent)."""
    votes = list(
        OpinionVote.objects.filter(statement__consultation=consultation, statement__is_hidden=False)
        .order_by("user_id", "statement_id")
        .values_list("user_id", "statement_id", "value")
    )
    digest = hashlib.sha256(json.dumps(votes).encode()).hexdigest()
    existing = OpinionMap.objects.filter(consultation=consultation).first()
    if existing is not None and existing.data_digest == digest:
        return existing
    result = opinion_map.opinion_groups(votes) or {}
    omap, _created = OpinionMap.objects.update_or_create(
        consultation=consultation,
        defaults={"data_digest": digest, "result": result, "computed_at": timezone.now()},
    )
    return omap


def opinion_maps_compute_due() -> int:
    """Every consultation with statements in Conduct or Analysis: recompute where votes changed."""
    ids = (
        OpinionStatement.objects.filter(consultation__phase__in=["conduct", "analysis"])
        .values_list("consultation_id", flat=True)
        .distinct()
    )
    done = 0
    for consultation in Consultation.objects.filter(pk__in=list(ids)):
        opinion_map_compute(consultation=consultation)
        done += 1
    return done
