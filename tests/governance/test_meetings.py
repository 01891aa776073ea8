"""The oversight committee's meetings (§17-6): who reads meetings and decisions, an overdue follow-up
action on the federal team's dashboard, and its owner reminded exactly once; the media plan."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from governance.models import (
    AgendaItem,
    BodyMember,
    Decision,
    FollowUpAction,
    GovernanceBody,
    MediaPlanItem,
    Meeting,
)
from governance.services.meetings import followup_reminders_send
from sharik.accounts.models import Notification
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def committee(db):
    return GovernanceBody.objects.create(
        kind="oversight", name_ar="اللجنة الإشرافية", name_en="Oversight committee"
    )


@pytest.fixture
def meeting(committee, federal_user):
    today = timezone.localdate()
    meeting = Meeting.objects.create(
        body=committee,
        title_ar="الاجتماع الأول",
        title_en="First meeting",
        held_on=today - datetime.timedelta(days=40),
        minutes_ar="ناقشت اللجنة الخطة.",
        minutes_en="The committee discussed the plan.",
    )
    AgendaItem.objects.create(
        meeting=meeting, position=1, title_ar="الخطة السنوية", title_en="The annual plan"
    )
    AgendaItem.objects.create(meeting=meeting, position=2, title_ar="المخاطر", title_en="The risks")
    decision = Decision.objects.create(
        meeting=meeting, position=1, text_ar="اعتماد الخطة", text_en="The plan is approved"
    )
    FollowUpAction.objects.create(
        decision=decision,
        title_en="Publish the approved plan",
        title_ar="نشر الخطة المعتمدة",
        owner=federal_user,
        due_on=today - datetime.timedelta(days=2),
    )
    FollowUpAction.objects.create(
        decision=decision,
        title_en="Brief the entities",
        title_ar="إطلاع الجهات",
        owner=federal_user,
        due_on=today + datetime.timedelta(days=10),
    )
    FollowUpAction.objects.create(
        decision=decision,
        title_en="Book the hall",
        title_ar="حجز القاعة",
        owner=federal_user,
        due_on=today - datetime.timedelta(days=20),
        status=FollowUpAction.Status.DONE,
    )
    return meeting


def test_the_committee_and_the_federal_team_read_meetings_others_are_refused(
    client, meeting, committee, federal_user, oversight_user, coordinator, citizen, english
):
    list_url, detail_url = reverse("governance:meetings"), reverse("governance:meeting", args=[meeting.pk])
    # the public is sent to log in
    response = client.get(detail_url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    for refused in (citizen, coordinator):
        client.force_login(refused)
        assert client.get(list_url).status_code == 403
        assert client.get(detail_url).status_code == 403
    # a named member of the committee (no role) reads the committee's meetings
    member = UserFactory()
    BodyMember.objects.create(body=committee, user=member, name="A member")
    for reader in (oversight_user, federal_user, member):
        client.force_login(reader)
        assert "First meeting" in client.get(list_url).content.decode()
        html = client.get(detail_url).content.decode()
        assert "The annual plan" in html and "The risks" in html
        assert "The plan is approved" in html and "The committee discussed the plan." in html
        assert html.count('class="action-overdue"') == 1  # the open action past its day; not the done one
    # a member of another body does not see this committee's meetings
    other_body = GovernanceBody.objects.create(kind="coordination", name="Coordination team")
    outsider = UserFactory()
    BodyMember.objects.create(body=other_body, user=outsider, name="Outsider")
    Meeting.objects.create(body=other_body, title="Coordination sync", held_on=timezone.localdate())
    client.force_login(outsider)
    assert "First meeting" not in client.get(list_url).content.decode()
    assert client.get(detail_url).status_code == 404


def test_an_overdue_action_shows_on_the_federal_dashboard_only(
    client, meeting, federal_user, citizen, english
):
    url = reverse("analytics:dashboard")
    for viewer in (None, citizen):
        if viewer:
            client.force_login(viewer)
        html = client.get(url).content.decode()
        assert 'id="programme-followup"' not in html and "Publish the approved plan" not in html
    client.force_login(federal_user)
    html = client.get(url).content.decode()
    panel = html.split('id="overdue-actions"')[1].split("</div>")[0]
    assert "1 follow-up action is overdue" in panel
    assert "Publish the approved plan" in panel
    assert "Brief the entities" not in panel and "Book the hall" not in panel
    FollowUpAction.objects.filter(title_en="Publish the approved plan").update(status="done")
    html = client.get(url).content.decode()
    assert (
        "No follow-up action of the committee is overdue." in html and "Publish the approved plan" not in html
    )


def test_the_owner_of_an_overdue_action_is_reminded_exactly_once_across_beat_runs(meeting, federal_user):
    mail.outbox.clear()
    assert followup_reminders_send() == 1
    assert followup_reminders_send() == 0  # the second beat run: nothing more
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [federal_user.email]
    assert Notification.objects.filter(user=federal_user, key__startswith="followup:").count() == 1
    # the action that comes due later is reminded on its own, once
    later = timezone.localdate() + datetime.timedelta(days=11)
    assert followup_reminders_send(today=later) == 1
    assert followup_reminders_send(today=later) == 0
    assert len(mail.outbox) == 2


def test_the_media_plan_is_read_by_the_federal_bodies(client, federal_user, oversight_user, english):
    today = timezone.localdate()
    MediaPlanItem.objects.create(
        title_ar="مؤتمر صحفي",
        title_en="Press conference",
        channel="press",
        planned_on=today,
        owner="Media team",
    )
    MediaPlanItem.objects.create(
        title_en="Last year's interview",
        title_ar="مقابلة",
        channel="tv",
        planned_on=today.replace(year=today.year - 1),
        owner="Media team",
    )
    for reader in (federal_user, oversight_user):
        client.force_login(reader)
        html = client.get(reverse("governance:meetings")).content.decode()
        plan = html.split('id="media-plan"')[1]
        assert "Press conference" in plan and "Media team" in plan and "Last year" not in plan


def test_the_annual_report_counts_the_meetings_decisions_and_actions(
    client, meeting, oversight_user, english
):
    from governance.services import reports

    year = timezone.localdate().year
    if meeting.held_on.year != year:  # early January: keep the meeting inside this year
        Meeting.objects.filter(pk=meeting.pk).update(held_on=timezone.localdate())
    Meeting.objects.create(body=meeting.body, title="Second meeting", held_on=timezone.localdate())
    Meeting.objects.create(body=meeting.body, title="Last year", held_on=datetime.date(year - 1, 6, 1))
    figures = reports.annual_report_figures(year=year)["committee"]
    assert figures == {
        "meetings": 2,
        "decisions": 1,
        "actions": {"open": 2, "in_progress": 0, "done": 1, "cancelled": 0},
        "overdue": 1,
    }
    report = reports.AnnualReport.objects.create(year=year, data={"committee": figures}, status="approved")
    html = client.get(f"/en/governance/report/{report.year}/").content.decode()
    section = html.split('id="report-committee"')[1].split("</section>")[0]
    assert "2 meetings held this year." in section and "1 decision taken." in section
    assert "1 follow-up action overdue." in section
