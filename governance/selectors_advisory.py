"""Who sees which advisory requests: the entity's own people, the assigned advisor, the federal team."""

from django.db.models import Q, QuerySet

from sharik.core.permissions import ALL_ENTITIES_PERM

from .models import AdvisoryRequest
from .selectors import entities_for_user


def advisory_requests_for(user) -> QuerySet[AdvisoryRequest]:
    qs = AdvisoryRequest.objects.select_related("entity", "advisor", "service_level")
    if not user.is_authenticated:
        return qs.none()
    if user.is_superuser or user.has_perm(ALL_ENTITIES_PERM):
        return qs
    return qs.filter(Q(entity__in=entities_for_user(user)) | Q(advisor=user))
