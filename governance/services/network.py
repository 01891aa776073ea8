"""The coordinators network: nominations by entities, approval by the federal team, training."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import RESPONSIBILITIES, SKILLS, CoordinatorNomination, Entity, TrainingRecord
from .entities import entity_coordinator_assign


@transaction.atomic
def coordinator_nominate(
    *, entity: Entity, user, nominated_by, position: str = "", phone: str = ""
) -> CoordinatorNomination:
    """An entity (its coordinator, or the federal team) nominates a member of staff to the network."""
    if not nominated_by.has_perm("governance.add_coordinatornomination", entity):
        raise PermissionDenied(_("You may nominate coordinators only for your own entity."))
    if CoordinatorNomination.objects.filter(
        entity=entity,
        user=user,
        status__in=[CoordinatorNomination.Status.NOMINATED, CoordinatorNomination.Status.APPROVED],
    ).exists():
        raise ValidationError(_("This person is already nominated for this entity."))
    nomination = CoordinatorNomination(
        entity=entity, user=user, nominated_by=nominated_by, position=position, phone=phone
    )
    nomination.full_clean()
    nomination.save()
    return nomination


@transaction.atomic
def coordinator_nomination_decide(
    *, nomination: CoordinatorNomination, approve: bool, user
) -> CoordinatorNomination:
    """Approve (the person becomes the entity's coordinator and joins the network) or reject."""
    if not user.has_perm("governance.change_coordinatornomination"):
        raise PermissionDenied(_("Only the federal team decides on nominations."))
    nomination = CoordinatorNomination.objects.select_for_update().get(pk=nomination.pk)
    if nomination.status != CoordinatorNomination.Status.NOMINATED:
        raise ValidationError(_("This nomination has already been decided."))
    nomination.decided_by = user
    if approve:
        nomination.status = CoordinatorNomination.Status.APPROVED
        nomination.approved_at = timezone.now()
        entity_coordinator_assign(entity=nomination.entity, user=nomination.user)
        Entity.objects.filter(pk=nomination.entity_id).update(coordinator_nominated=True)
    else:
        nomination.status = CoordinatorNomination.Status.REJECTED
    nomination.full_clean()
    nomination.save()
    return nomination


@transaction.atomic
def coordinator_profile_update(
    *, nomination: CoordinatorNomination, responsibilities: list[str], skills: list[str]
) -> CoordinatorNomination:
    """Tick the seed's responsibilities and skills on a coordinator's profile."""
    known_r = {key for key, _label in RESPONSIBILITIES}
    known_s = {key for key, _label in SKILLS}
    if set(responsibilities) - known_r or set(skills) - known_s:
        raise ValidationError(_("Unknown responsibility or skill."))
    nomination.responsibilities = sorted(set(responsibilities))
    nomination.skills = sorted(set(skills))
    nomination.save(update_fields=["responsibilities", "skills", "updated_at"])
    return nomination


@transaction.atomic
def training_record_add(
    *, nomination: CoordinatorNomination, title: str, completed_on, hours: int = 0, provider: str = ""
) -> TrainingRecord:
    record = TrainingRecord(
        nomination=nomination, title=title, completed_on=completed_on, hours=hours, provider=provider
    )
    record.full_clean()
    record.save()
    return record
