import datetime

from django.core import mail

from governance.models import ToolkitItem
from governance.services.toolkit import (
    toolkit_item_create,
    toolkit_item_mark_reviewed,
    toolkit_item_save,
    toolkit_reviews_remind,
)
from sharik.accounts.models import Notification


def _item(owner, reviewed=datetime.date(2026, 1, 31)):
    return toolkit_item_create(
        owner=owner, kind="guide", slug="g", title_ar="دليل", title_en="Guide", last_reviewed_on=reviewed
    )


def test_review_is_due_three_months_after_the_last_review(federal_user):
    item = _item(federal_user, reviewed=datetime.date(2026, 1, 31))
    assert item.review_due_on == datetime.date(2026, 4, 30)
    toolkit_item_mark_reviewed(item=item, user=federal_user, reviewed_on=datetime.date(2026, 5, 2))
    item.refresh_from_db()
    assert item.review_due_on == datetime.date(2026, 8, 2)


def test_the_reminder_job_reminds_the_owner_once_per_due_date(federal_user):
    from governance.tasks import toolkit_reviews_remind as task

    item = _item(federal_user, reviewed=datetime.date(2026, 1, 10))
    assert toolkit_reviews_remind(today=datetime.date(2026, 4, 9)) == 0  # not due yet
    assert toolkit_reviews_remind(today=datetime.date(2026, 4, 10)) == 1
    assert toolkit_reviews_remind(today=datetime.date(2026, 4, 11)) == 0  # the same due date: not again
    task.delay()  # the scheduled task, run twice more
    task.delay()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [federal_user.email]
    assert Notification.objects.filter(user=federal_user).count() == 1
    assert "Guide" in mail.outbox[0].subject or "دليل" in mail.outbox[0].subject

    # Reviewed, then due again three months later: a new due date means one new reminder.
    toolkit_item_mark_reviewed(item=item, user=federal_user, reviewed_on=datetime.date(2026, 4, 12))
    assert toolkit_reviews_remind(today=datetime.date(2026, 7, 12)) == 1
    assert toolkit_reviews_remind(today=datetime.date(2026, 7, 13)) == 0
    assert len(mail.outbox) == 2


def test_each_save_keeps_a_version_and_sends_an_approved_guide_back_to_draft(federal_user, oversight_user):
    from governance.services.toolkit import toolkit_item_approve

    item = _item(federal_user)
    toolkit_item_approve(item=item, user=oversight_user)
    item.refresh_from_db()
    item.body_ar = "نص جديد"
    toolkit_item_save(item=item, user=federal_user, note="new section")
    item.refresh_from_db()
    assert item.status == ToolkitItem.Status.DRAFT
    versions = list(item.versions.order_by("number").values_list("number", "body", "note"))
    assert versions[0][0] == 1 and versions[1] == (2, "نص جديد", "new section")


def test_a_guide_linked_to_a_consultation_shows_on_the_toolkit_page(client, federal_user, open_consultation):
    item = _item(federal_user)
    item.consultation = open_consultation
    item.save()
    page = client.get("/en/governance/toolkit/").content.decode()
    assert "Guide" in page and open_consultation.get_absolute_url() in page
