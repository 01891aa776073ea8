"""Writes on each entity's annual e-participation plan: draft → submitted → approved.

Coordinators write and submit their entity's plan; only the federal team approves it, and only
through `annual_plan_approve`. An approved plan edited by anyone else goes back to "submitted".
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sharik.core.audit import audit_record

from ..models import AnnualPlan

APPROVE_PLAN_PERM = "governance.approve_annualplan"


def _move(*, plan: AnnualPlan, user, to_status: str, allowed_from: tuple[str, ...]) -> AnnualPlan:
    plan = AnnualPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.status not in allowed_from:
        raise ValidationError(
            _("A plan cannot move from %(from)s to %(to)s.") % {"from": plan.status, "to": to_status}
        )
    before = plan.status
    plan.status = to_status
    plan.full_clean()
    plan.save(update_fields=["status", "updated_at"])
    audit_record(
        action="annual_plan.status",
        obj=plan,
        actor=user,
        entity=plan.entity,
        changes={"status": [before, to_status]},
    )
    return plan


@transaction.atomic
def annual_plan_submit(*, plan: AnnualPlan, user) -> AnnualPlan:
    if not user.has_perm("governance.change_annualplan", plan):
        raise PermissionDenied(_("You do not act for this plan's entity."))
    return _move(
        plan=plan, user=user, to_status=AnnualPlan.Status.SUBMITTED, allowed_from=(AnnualPlan.Status.DRAFT,)
    )


@transaction.atomic
def annual_plan_approve(*, plan: AnnualPlan, user) -> AnnualPlan:
    if not user.has_perm(APPROVE_PLAN_PERM):
        raise PermissionDenied(_("Only the federal team approves annual plans."))
    return _move(
        plan=plan,
        user=user,
        to_status=AnnualPlan.Status.APPROVED,
        allowed_from=(AnnualPlan.Status.SUBMITTED,),
    )


@transaction.atomic
def annual_plan_save(*, plan: AnnualPlan, user) -> AnnualPlan:
    """Create or edit a plan. New plans start as drafts; an approved plan edited by someone who may
    not approve goes back to "submitted" for the federal team to approve again."""
    if plan._state.adding:
        plan.status = AnnualPlan.Status.DRAFT
    elif plan.status == AnnualPlan.Status.APPROVED and not user.has_perm(APPROVE_PLAN_PERM):
        plan.status = AnnualPlan.Status.SUBMITTED
    plan.full_clean()
    plan.save()
    return plan
