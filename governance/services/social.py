"""The annual social-media plan: the federal team plans, publishes and measures posts month by month."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from sharik.core.audit import audit_record, model_diff, model_snapshot

from ..models import SocialPost


@transaction.atomic
def social_post_save(*, post: SocialPost, user) -> SocialPost:
    """Save a planned post or its update; the reach is accepted only once the post is published."""
    action = "change" if post.pk else "add"
    if not user.has_perm(f"governance.{action}_socialpost"):
        raise PermissionDenied(_("Only the federal team keeps the social-media plan."))
    before = {}
    if post.pk:
        old = SocialPost.objects.filter(pk=post.pk).first()
        before = model_snapshot(old) if old else {}
    post.text = post.text.strip()
    post.full_clean()
    post.save()
    audit_record(
        action=f"social_post.{'changed' if before else 'planned'}",
        obj=post,
        actor=user,
        changes=model_diff(post, before) if before else {},
    )
    return post
