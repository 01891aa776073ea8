"""Agreements with entities (seed §17-6, §17-7): the document's short-lived link and the review reminder."""

import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sharik.accounts.services import notification_send
from sharik.core.display import date_text
from sharik.core.private_files import private_file_link

from ..models import Agreement, Role
from ..selectors_agreements import agreement_can_see

# How many days before its review day an agreement's people are reminded.
REVIEW_REMIND_DAYS = 30


def agreement_document_link(*, user, agreement: Agreement) -> str:
    """A signed link to the agreement's document, valid for a short time and for this person only."""
    if not agreement_can_see(user, agreement):
        raise PermissionDenied(
            _("Only the federal team and the entity's coordinators may read this agreement.")
        )
    return private_file_link(name=agreement.document.name, user=user)


def agreement_people(agreement: Agreement) -> list:
    """The federal team and the entity's coordinators: who is reminded of the agreement's review."""
    from guardian.shortcuts import get_users_with_perms

    federal = get_user_model().objects.filter(groups__name=Role.FEDERAL_TEAM, is_active=True)
    coordinators = get_users_with_perms(
        agreement.entity,
        only_with_perms_in=["coordinate_entity"],
        with_group_users=False,
        with_superusers=False,
    ).filter(is_active=True)
    people = {person.pk: person for person in [*federal, *coordinators]}
    return [people[pk] for pk in sorted(people)]


def agreement_review_reminders_send(*, today: datetime.date | None = None) -> int:
    """The beat job: REVIEW_REMIND_DAYS before an agreement's review day, remind its people once.

    The agreement is claimed for its current review day with a conditional UPDATE, so repeated or
    overlapping runs remind once per agreement and review day; a new review day is reminded again.
    Returns how many people were notified.
    """
    today = today or timezone.localdate()
    due = Agreement.objects.filter(
        review_on__gte=today, review_on__lte=today + datetime.timedelta(days=REVIEW_REMIND_DAYS)
    ).filter(Q(review_reminded_for__isnull=True) | ~Q(review_reminded_for=F("review_on")))
    sent = 0
    for agreement in due.select_related("entity"):
        with transaction.atomic():
            claimed = (
                Agreement.objects.filter(pk=agreement.pk, review_on=agreement.review_on)
                .filter(Q(review_reminded_for__isnull=True) | ~Q(review_reminded_for=agreement.review_on))
                .update(review_reminded_for=agreement.review_on)
            )
            if not claimed:
                continue
            for person in agreement_people(agreement):
                with translation.override(person.preferred_language or "ar"):
                    notice = notification_send(
                        user=person,
                        key=f"agreement:{agreement.pk}:review:{agreement.review_on.isoformat()}",
                        title=_("Agreement due for review: %(title)s") % {"title": agreement.title},
                        body=_("The agreement with %(entity)s is to be reviewed by %(day)s.")
                        % {"entity": agreement.entity.name, "day": date_text(agreement.review_on)},
                        url=reverse("governance:agreements"),
                    )
                sent += notice is not None
    return sent
