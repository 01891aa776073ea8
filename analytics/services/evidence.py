"""Evidence for the EPI criteria: recorded by an entity's coordinator, reviewed by the federal team."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sharik.core.audit import audit_record

from ..models import Criterion, Evidence


@transaction.atomic
def evidence_save(*, evidence: Evidence, user) -> Evidence:
    if not user.has_perm(
        "analytics.add_evidence" if evidence.pk is None else "analytics.change_evidence", evidence
    ):
        raise PermissionDenied(_("You do not act for this entity."))
    if evidence.criterion.assessment != Criterion.Assessment.EVIDENCE:
        raise ValidationError(_("This criterion is checked automatically; it takes no evidence."))
    if evidence.pk is None:
        evidence.recorded_by = user
    # A changed record goes back to the federal team.
    evidence.status = Evidence.Status.PENDING
    evidence.reviewed_by, evidence.reviewed_at = None, None
    evidence.full_clean()
    evidence.save()
    audit_record(action="evidence-save", obj=evidence, actor=user)
    return evidence


@transaction.atomic
def evidence_review(*, evidence: Evidence, user, accept: bool, note: str = "") -> Evidence:
    if not user.has_perm("analytics.review_evidence"):
        raise PermissionDenied(_("Only the federal team reviews evidence."))
    evidence.status = Evidence.Status.ACCEPTED if accept else Evidence.Status.REJECTED
    evidence.reviewed_by, evidence.reviewed_at = user, timezone.now()
    evidence.review_note = note[:500]
    evidence.full_clean()
    evidence.save()
    audit_record(
        action="evidence-review", obj=evidence, actor=user, changes={"status": [None, evidence.status]}
    )
    return evidence
