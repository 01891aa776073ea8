"""The §20 projects: completion against plan from weighted milestones, and late milestones on the
federal dashboard (never on the public's)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from governance.models import Milestone, Project
from governance.selectors_projects import milestones_late, project_progress
from governance.services.projects import milestone_complete

TODAY = datetime.date(2026, 6, 1)


def day(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


def make_project(**kwargs) -> Project:
    fields = {
        "code": "platform",
        "name_ar": "المنصة",
        "name_en": "The platform",
        "axis": "support",
        "track": "platform",
        "owner_ar": "الفريق",
        "owner_en": "The team",
        "budget": Decimal("1000"),
        "spent": Decimal("250"),
        "starts_on": day(-100),
        "ends_on": day(100),
    }
    fields.update(kwargs)
    return Project.objects.create(**fields)


def test_completion_against_plan_with_weighted_milestones(db):
    project = make_project()
    Milestone.objects.create(project=project, title_ar="أ", due_on=day(-50), weight=1, completed_on=day(-52))
    Milestone.objects.create(project=project, title_ar="ب", due_on=day(-10), weight=3)  # late
    Milestone.objects.create(project=project, title_ar="ج", due_on=day(30), weight=2, completed_on=day(-1))
    Milestone.objects.create(project=project, title_ar="د", due_on=day(60), weight=4)
    progress = project_progress(project, today=TODAY)
    assert progress["completion"] == Decimal("30.0")  # (1 + 2) of 10
    assert progress["planned"] == Decimal("40.0")  # (1 + 3) of 10 due by today
    assert progress["behind"] is True
    assert [m.title_ar for m in progress["late"]] == ["ب"]
    assert progress["budget_used"] == Decimal("25.0")
    assert [m.title_ar for m in milestones_late(today=TODAY)] == ["ب"]


def test_a_project_without_milestones_has_no_completion_and_is_not_behind(db):
    progress = project_progress(make_project(), today=TODAY)
    assert progress["completion"] is None and progress["behind"] is False


def test_a_project_cannot_end_before_it_starts(db):
    project = Project(
        code="x",
        name_ar="x",
        axis="support",
        track="platform",
        owner_ar="x",
        starts_on=day(0),
        ends_on=day(-1),
    )
    with pytest.raises(ValidationError):
        project.full_clean()


def test_a_milestone_is_completed_once_and_not_in_the_future(db, federal_user):
    milestone = Milestone.objects.create(project=make_project(), title_ar="أ", due_on=day(0))
    with pytest.raises(ValidationError):
        milestone_complete(
            milestone=milestone,
            user=federal_user,
            completed_on=timezone.localdate() + datetime.timedelta(days=1),
        )
    done = milestone_complete(milestone=milestone, user=federal_user)
    assert (done.completed_on, done.completed_by) == (timezone.localdate(), federal_user)
    with pytest.raises(ValidationError):
        milestone_complete(milestone=milestone, user=federal_user)


def test_a_late_milestone_shows_on_the_dashboard_of_the_federal_team_only(
    client, db, federal_user, citizen, english
):
    today = timezone.localdate()
    project = make_project(
        starts_on=today - datetime.timedelta(days=100), ends_on=today + datetime.timedelta(days=9)
    )
    Milestone.objects.create(
        project=project,
        title_ar="ربط الجهات",
        title_en="Entities connected",
        due_on=today - datetime.timedelta(days=3),
    )
    Milestone.objects.create(
        project=project, title_ar="الإطلاق", title_en="Launch done", due_on=today + datetime.timedelta(days=5)
    )
    url = reverse("analytics:dashboard")
    for viewer in (None, citizen):
        if viewer:
            client.force_login(viewer)
        html = client.get(url).content.decode()
        assert 'id="programme-projects"' not in html and "Entities connected" not in html
    client.force_login(federal_user)
    html = client.get(url).content.decode()
    assert 'id="late-milestones"' in html
    assert (
        "Entities connected" in html
        and "Launch done" not in html.split('id="late-milestones"')[1].split("</div>")[0]
    )
    milestone_complete(milestone=Milestone.objects.get(title_en="Entities connected"), user=federal_user)
    assert 'id="late-milestones"' not in client.get(url).content.decode()
