"""Read models of the engagement instruments: survey results, the budget result, the opinion map.

Only aggregates reach the public: no names, and free-text survey answers only in the coordinator's export.
"""

import io
from collections import Counter

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sharik.core import csvsafe

from .models import (
    BudgetAllocation,
    BudgetProject,
    OpinionStatement,
    OpinionVote,
    ParticipatoryBudget,
    Survey,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
)

Kind = SurveyQuestion.Kind

BUDGET_RULE = gettext_lazy(
    "Projects are taken in order of votes (most first); a tie goes to the cheaper project, then to the "
    "one listed first. Each project is funded if its cost fits in what is left of the budget; otherwise "
    "it is skipped and the next one is tried. A project nobody chose is not funded."
)


# --- Surveys -------------------------------------------------------------------------------------


def survey_results(survey: Survey) -> dict:
    """Per question: counts per choice, the 1–5 distribution and mean, rank scores, text-answer count."""
    questions = list(survey.questions.prefetch_related("choices"))
    responses = survey.responses.all()
    total = responses.count()
    offline = responses.filter(is_offline=True).count()
    anonymous = responses.filter(session_key__isnull=False).count()
    by_question: dict[int, list] = {q.pk: [] for q in questions}
    for qid, value in SurveyAnswer.objects.filter(response__survey=survey).values_list(
        "question_id", "value"
    ):
        by_question.setdefault(qid, []).append(value)
    out = []
    for q in questions:
        values = by_question.get(q.pk, [])
        item = {"question": q, "answered": len(values), "rows": [], "mean": None}
        if q.kind in (Kind.SINGLE, Kind.MULTIPLE):
            counts = Counter()
            for v in values:
                counts.update(v if isinstance(v, list) else [v])
            item["rows"] = [{"label": c.label, "count": counts.get(c.pk, 0)} for c in q.choices.all()]
        elif q.kind == Kind.SCALE:
            counts = Counter(values)
            item["rows"] = [{"label": str(i), "count": counts.get(i, 0)} for i in range(1, 6)]
            item["mean"] = round(sum(values) / len(values), 2) if values else None
        elif q.kind == Kind.RANKING:
            # Borda count: with n options, first place scores n-1 points, last 0.
            choices = list(q.choices.all())
            points = Counter()
            for ranking in values:
                n = len(ranking)
                for position, choice_id in enumerate(ranking):
                    points[choice_id] += n - 1 - position
            item["rows"] = sorted(
                ({"label": c.label, "count": points.get(c.pk, 0)} for c in choices), key=lambda r: -r["count"]
            )
        out.append(item)
    return {"survey": survey, "total": total, "offline": offline, "anonymous": anonymous, "questions": out}


def survey_chart_data(results: dict) -> list[dict]:
    """The chart input for static/js/consultations.js (rendered with json_script)."""
    return [
        {
            "id": item["question"].pk,
            "kind": item["question"].kind,
            "labels": [r["label"] for r in item["rows"]],
            "counts": [r["count"] for r in item["rows"]],
        }
        for item in results["questions"]
        if item["rows"]
    ]


def survey_csv(survey: Survey) -> str:
    """One row per response, one column per question (choice labels, ranks in order, text as written)."""
    questions = list(survey.questions.prefetch_related("choices"))
    labels = {c.pk: c.label for q in questions for c in q.choices.all()}
    buffer = io.StringIO()
    buffer.write("\ufeff")  # a BOM, so spreadsheet programs read the Arabic as UTF-8
    writer = csvsafe.writer(buffer)
    writer.writerow([_("response"), _("date"), _("channel"), *[q.text for q in questions]])
    responses = survey.responses.prefetch_related("answers").order_by("created_at", "pk")
    for number, response in enumerate(responses, start=1):
        answers = {a.question_id: a.value for a in response.answers.all()}
        row = []
        for q in questions:
            v = answers.get(q.pk)
            if v is None:
                row.append("")
            elif q.kind in (Kind.SINGLE,):
                row.append(labels.get(v, ""))
            elif q.kind in (Kind.MULTIPLE, Kind.RANKING):
                row.append(" | ".join(labels.get(c, "") for c in v))
            else:
                row.append(str(v))
        if response.is_offline:
            channel = _("offline (paper)")
        elif response.session_key:
            channel = _("online, anonymous")
        else:
            channel = _("online")
        writer.writerow([number, response.created_at.date().isoformat(), channel, *row])
    return buffer.getvalue()


# --- Participatory budgeting ---------------------------------------------------------------------


def greedy_within_budget(projects: list[tuple[int, int, int]], total: int) -> list[int]:
    """The stated rule on (id, cost, votes) triples, in listing order: the ids funded, in funding order."""
    ranked = sorted(enumerate(projects), key=lambda item: (-item[1][2], item[1][1], item[0]))
    funded, left = [], total
    for _position, (pid, cost, votes) in ranked:
        if votes > 0 and cost <= left:
            funded.append(pid)
            left -= cost
    return funded


def budget_result(budget: ParticipatoryBudget) -> dict:
    votes = dict(
        BudgetProject.objects.filter(budget=budget).annotate(n=Count("allocations")).values_list("pk", "n")
    )
    projects = list(budget.projects.all())
    funded = greedy_within_budget([(p.pk, p.cost, votes.get(p.pk, 0)) for p in projects], budget.total)
    rows = sorted(
        (
            {"project": p, "votes": votes.get(p.pk, 0), "funded": p.pk in funded, "position": i}
            for i, p in enumerate(projects)
        ),
        key=lambda r: (-r["votes"], r["project"].cost, r["position"]),
    )
    spent = sum(p.cost for p in projects if p.pk in funded)
    return {
        "budget": budget,
        "rows": rows,
        "funded_ids": funded,
        "spent": spent,
        "left": budget.total - spent,
        "participants": BudgetAllocation.objects.filter(budget=budget).count(),
        "rule": BUDGET_RULE,
    }


# --- Opinion map ---------------------------------------------------------------------------------


def opinion_page(consultation, user) -> dict:
    statements = list(
        OpinionStatement.objects.filter(consultation=consultation, is_hidden=False).annotate(
            n_votes=Count("votes")
        )
    )
    mine = {}
    if getattr(user, "is_authenticated", False):
        mine = dict(
            OpinionVote.objects.filter(statement__consultation=consultation, user=user).values_list(
                "statement_id", "value"
            )
        )
    for s in statements:
        s.my_vote = mine.get(s.pk)
    omap = getattr(consultation, "opinion_map", None)
    result = (omap.result if omap else None) or {}
    by_id = {s.pk: s for s in statements}

    def named(rows):
        return [
            {**row, "text": by_id[row["statement"]].text, "percents": [round(100 * a) for a in row["agree"]]}
            for row in rows
            if row["statement"] in by_id
        ]

    return {
        "statements": statements,
        "map": result,
        "computed_at": omap.computed_at if omap else None,
        "consensus": named(result.get("consensus", [])),
        "divisive": named(result.get("divisive", [])),
        "chart": {"points": result.get("points", []), "k": result.get("k", 0)},
    }


# --- The campaign's tallies ----------------------------------------------------------------------


def instrument_participant_ids(consultation) -> set[int]:
    ids: set[int] = set()
    ids.update(
        SurveyResponse.objects.filter(survey__consultation=consultation, user__isnull=False).values_list(
            "user_id", flat=True
        )
    )
    ids.update(
        BudgetAllocation.objects.filter(budget__consultation=consultation).values_list("user_id", flat=True)
    )
    ids.update(
        OpinionVote.objects.filter(statement__consultation=consultation).values_list("user_id", flat=True)
    )
    ids.update(OpinionStatement.objects.filter(consultation=consultation).values_list("author_id", flat=True))
    return ids


def instrument_figures(consultation) -> dict:
    responses = SurveyResponse.objects.filter(survey__consultation=consultation)
    return {
        "survey_responses": responses.count(),
        "survey_responses_offline": responses.filter(is_offline=True).count(),
        "budget_allocations": BudgetAllocation.objects.filter(budget__consultation=consultation).count(),
        "opinion_statements": OpinionStatement.objects.filter(
            consultation=consultation, is_hidden=False
        ).count(),
        "opinion_votes": OpinionVote.objects.filter(statement__consultation=consultation).count(),
    }


def instruments_analysis(consultation) -> dict:
    """Everything the analysis page shows of the instruments."""
    return {
        "surveys": [survey_results(s) for s in consultation.surveys.all()],
        "budgets": [budget_result(b) for b in consultation.budgets.prefetch_related("projects")],
        "opinion": opinion_page(consultation, None),
    }


def _both(obj, field: str) -> dict[str, str]:
    return {lang: getattr(obj, f"{field}_{lang}", None) or "" for lang in ("ar", "en")}


def instrument_results(consultation) -> dict:
    """The instruments' outcomes for the archive (record page and API): plain, JSON-ready, no names.

    Surveys: responses per survey; budgets: the allocations and the projects the stated rule funds;
    the opinion map: its groups (sizes) and the statements of consensus and division.
    """
    surveys = [
        {
            "title": _both(s, "title"),
            "responses": s.n_responses,
            "offline": s.n_offline,
        }
        for s in consultation.surveys.annotate(
            n_responses=Count("responses"),
            n_offline=Count("responses", filter=Q(responses__is_offline=True)),
        ).order_by("order", "pk")
    ]
    budgets = []
    for budget in consultation.budgets.prefetch_related("projects").order_by("pk"):
        result = budget_result(budget)
        budgets.append(
            {
                "title": _both(budget, "title"),
                "total": budget.total,
                "currency": budget.currency,
                "allocations": result["participants"],
                "spent": result["spent"],
                "funded": [
                    {"title": _both(r["project"], "title"), "cost": r["project"].cost, "votes": r["votes"]}
                    for r in result["rows"]
                    if r["funded"]
                ],
            }
        )
    opinion = None
    statements = {
        s.pk: s.text for s in OpinionStatement.objects.filter(consultation=consultation, is_hidden=False)
    }
    if statements:
        omap = getattr(consultation, "opinion_map", None)
        result = (omap.result if omap else None) or {}
        opinion = {
            "statements": len(statements),
            "votes": OpinionVote.objects.filter(
                statement__consultation=consultation, statement__is_hidden=False
            ).count(),
            "groups": result.get("k", 0),
            "group_sizes": result.get("group_sizes", []),
            "consensus": [
                statements[r["statement"]]
                for r in result.get("consensus", [])
                if r["statement"] in statements
            ],
            "divisive": [
                statements[r["statement"]] for r in result.get("divisive", []) if r["statement"] in statements
            ],
            "computed_at": omap.computed_at.isoformat() if omap and omap.computed_at else None,
        }
    return {"surveys": surveys, "budgets": budgets, "opinion_map": opinion}
