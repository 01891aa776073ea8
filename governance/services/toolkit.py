"""The resource toolkit: versions, approval by the oversight committee, the 3-monthly review."""

import datetime

from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sharik.accounts.services import notification_send

from ..models import REVIEW_EVERY_MONTHS, ToolkitItem, ToolkitVersion


def review_due(last_reviewed_on: datetime.date) -> datetime.date:
    return last_reviewed_on + relativedelta(months=REVIEW_EVERY_MONTHS)


def _snapshot(item: ToolkitItem, *, user, note: str) -> ToolkitVersion:
    version = ToolkitVersion(
        item=item,
        number=item.versions.count() + 1,
        title=item.title,
        body=item.body,
        file=item.file.name if item.file else "",
        note=note,
        created_by=user,
    )
    version.full_clean()
    version.save()
    return version


@transaction.atomic
def toolkit_item_create(
    *,
    owner,
    kind: str,
    slug: str,
    title_ar: str,
    title_en: str = "",
    body_ar: str = "",
    body_en: str = "",
    last_reviewed_on=None,
    file=None,
    note: str = "",
) -> ToolkitItem:
    reviewed = last_reviewed_on or timezone.localdate()
    item = ToolkitItem(
        owner=owner,
        kind=kind,
        slug=slug,
        title_ar=title_ar,
        title_en=title_en or title_ar,
        body_ar=body_ar,
        body_en=body_en,
        last_reviewed_on=reviewed,
        review_due_on=review_due(reviewed),
    )
    if file is not None:
        item.file = file
    item.full_clean()
    item.save()
    _snapshot(item, user=owner, note=note or _("First version"))
    return item


@transaction.atomic
def toolkit_item_save(*, item: ToolkitItem, user, note: str = "") -> ToolkitItem:
    """Save an edited item as a new version: a revision counts as a review, and an approved item goes back to draft."""
    today = timezone.localdate()
    item.last_reviewed_on = today
    item.review_due_on = review_due(today)
    if item.pk and item.status == ToolkitItem.Status.APPROVED:
        item.status = ToolkitItem.Status.DRAFT
        item.approved_by = None
        item.approved_at = None
    item.full_clean()
    item.save()
    _snapshot(item, user=user, note=note)
    return item


@transaction.atomic
def toolkit_item_mark_reviewed(*, item: ToolkitItem, user, reviewed_on=None) -> ToolkitItem:
    """The owner reviewed the item and found nothing to change: the next review is due 3 months on."""
    reviewed = reviewed_on or timezone.localdate()
    item.last_reviewed_on = reviewed
    item.review_due_on = review_due(reviewed)
    item.save(update_fields=["last_reviewed_on", "review_due_on", "updated_at"])
    return item


@transaction.atomic
def toolkit_item_approve(*, item: ToolkitItem, user) -> ToolkitItem:
    """Only the oversight committee approves guides and policies (seed §17-6, duty 7)."""
    if not user.has_perm("governance.approve_toolkititem"):
        raise PermissionDenied(_("Only the oversight committee approves guides."))
    item.status = ToolkitItem.Status.APPROVED
    item.approved_by = user
    item.approved_at = timezone.now()
    item.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
    return item


def toolkit_reviews_remind(*, today: datetime.date | None = None) -> int:
    """Remind each owner of every item whose review is due. Once per item and due date (the key says so)."""
    today = today or timezone.localdate()
    sent = 0
    for item in ToolkitItem.objects.filter(review_due_on__lte=today).select_related("owner"):
        with translation.override(item.owner.preferred_language or "ar"):
            title = _("Review due: %(title)s") % {"title": item.title}
            body = _(
                "The toolkit item “%(title)s” was last reviewed on %(last)s; its review was due on %(due)s. "
                "Please review it and record the review."
            ) % {"title": item.title, "last": item.last_reviewed_on, "due": item.review_due_on}
        notification = notification_send(
            user=item.owner,
            key=f"toolkit-review:{item.pk}:{item.review_due_on.isoformat()}",
            title=title,
            body=body,
            url=reverse("admin:governance_toolkititem_change", args=[item.pk]),
        )
        sent += notification is not None
    return sent
