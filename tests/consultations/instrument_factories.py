"""Builders of the engagement instruments for the tests."""

from consultations.models import BudgetProject, ParticipatoryBudget, Survey, SurveyChoice, SurveyQuestion


def make_survey(consultation, *, results_public=True):
    survey = Survey.objects.create(
        consultation=consultation,
        title_ar="استبيان الخدمة",
        title_en="Service survey",
        results_public=results_public,
    )
    qs = {}
    for order, (kind, text, required, choices) in enumerate(
        [
            ("single", "Which office do you use?", True, ["Dubai", "Sharjah"]),
            ("multiple", "Which channels?", False, ["Web", "App", "Phone"]),
            ("scale", "How satisfied are you?", True, []),
            ("text", "Anything else?", False, []),
            ("ranking", "Rank the priorities", False, ["Speed", "Cost", "Courtesy"]),
        ]
    ):
        q = SurveyQuestion.objects.create(
            survey=survey, kind=kind, text_ar=text, text_en=text, required=required, order=order
        )
        for i, label in enumerate(choices):
            SurveyChoice.objects.create(question=q, label_ar=label, label_en=label, order=i)
        qs[kind] = q
    return survey, qs


def make_budget(
    consultation, *, total=100, projects=(("Park", 60), ("Library", 50), ("Bench", 30), ("Lamp", 10))
):
    budget = ParticipatoryBudget.objects.create(
        consultation=consultation, title_ar="ميزانية الحي", title_en="Neighbourhood budget", total=total
    )
    made = [
        BudgetProject.objects.create(budget=budget, title_ar=t, title_en=t, cost=c, order=i)
        for i, (t, c) in enumerate(projects)
    ]
    return budget, made
