"""The re-use showcase: people submit what they built with a dataset; moderators decide what shows."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from sharik.core.audit import audit_record

from ..models import Dataset, Reuse
from .requests import _plain, _require_participant


@transaction.atomic
def reuse_submit(*, dataset: Dataset, user, kind: str, title: str, url: str, description: str = "") -> Reuse:
    _require_participant(user)
    reuse = Reuse(
        dataset=dataset,
        kind=kind,
        title=_plain(title, field="title", max_length=200),
        url=url,
        description=(description or "").strip(),
        submitted_by=user,
    )
    reuse.full_clean()
    reuse.save()
    return reuse


@transaction.atomic
def reuse_moderate(*, reuse: Reuse, actor, approve: bool) -> Reuse:
    if actor is not None and not actor.has_perm("opendata.change_reuse", reuse):
        raise PermissionDenied(_("Only the publishing entity can moderate its showcase."))
    if reuse.status != Reuse.Status.PENDING and (reuse.status == Reuse.Status.APPROVED) == approve:
        return reuse
    reuse.status = Reuse.Status.APPROVED if approve else Reuse.Status.REJECTED
    reuse.save(update_fields=["status", "updated_at"])
    audit_record(action="reuse.moderate", obj=reuse, actor=actor, source="admin", entity=reuse.dataset.entity)
    return reuse
