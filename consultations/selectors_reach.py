"""Reads of reach (issue 15): who follows what, what a person follows, what the corner and feeds list."""

from django.db.models import Q

from .models import Consultation, Follow, FollowPreference, Proposal, SdgTag
from .models.reach import DEFAULT_DELIVERY, FollowEvent
from .phases import Phase


def follower_ids(*, consultation: Consultation | None = None, proposal: Proposal | None = None) -> list[int]:
    """Everyone who follows the consultation or proposal itself, its entity, its sector or one of its goals.

    Sorted and each person once, so fan-out batches are reproducible. A debate adds a branch here.
    """
    subject = consultation or proposal
    match = Q(sector=subject.sector)
    if subject.entity_id:
        match |= Q(entity_id=subject.entity_id)
    if consultation is not None:
        match |= Q(consultation=consultation)
    else:
        match |= Q(proposal=proposal)
    sdg_ids = list(subject.sdgs.values_list("pk", flat=True))
    if sdg_ids:
        match |= Q(sdg_id__in=sdg_ids)
    return sorted(set(Follow.objects.filter(match).values_list("user_id", flat=True)))


def deliveries(*, user_ids: list[int], event: str) -> dict[int, str]:
    """How each person wants to hear of `event` (the default where they have not chosen)."""
    chosen = dict(
        FollowPreference.objects.filter(user_id__in=user_ids, event=event).values_list("user_id", "delivery")
    )
    return {pk: chosen.get(pk, DEFAULT_DELIVERY) for pk in user_ids}


def preferences_of(user) -> dict[str, str]:
    chosen = dict(FollowPreference.objects.filter(user=user).values_list("event", "delivery"))
    return {event: chosen.get(event, DEFAULT_DELIVERY) for event in FollowEvent.values}


def follows_of(user):
    return (
        Follow.objects.filter(user=user)
        .select_related("consultation", "entity", "sdg", "proposal")
        .order_by("-created_at")
    )


def follows_on_consultation_page(user, consultation) -> dict:
    """What the consultation page's follow buttons need to know, in one query: does the person follow
    the consultation, its entity, its sector. Keys as `follow_button` looks them up."""
    state = {
        ("consultation", consultation.pk): False,
        ("entity", consultation.entity.slug): False,
        ("sector", consultation.sector): False,
    }
    if not user.is_authenticated:
        return state
    rows = Follow.objects.filter(
        Q(consultation=consultation) | Q(entity_id=consultation.entity_id) | Q(sector=consultation.sector),
        user=user,
    ).values_list("consultation_id", "entity_id", "sector")
    for consultation_id, entity_id, sector in rows:
        state[("consultation", consultation.pk)] |= consultation_id == consultation.pk
        state[("entity", consultation.entity.slug)] |= entity_id == consultation.entity_id
        state[("sector", consultation.sector)] |= bool(sector) and sector == consultation.sector
    return state


def is_following(user, **target) -> bool:
    if not user.is_authenticated:
        return False
    return Follow.objects.filter(user=user, **target).exists()


def consultations_for_feed(*, entity=None, sector: str = "", sdg: SdgTag | None = None, limit: int = 50):
    """Public consultations of one entity, sector or goal, newest first (the RSS/Atom and iCalendar feeds)."""
    qs = Consultation.objects.public().select_related("entity")
    if entity is not None:
        qs = qs.filter(entity=entity)
    if sector:
        qs = qs.filter(sector=sector)
    if sdg is not None:
        qs = qs.filter(sdgs=sdg)
    return qs.order_by("-opens_at", "-pk")[:limit]


def corner_items(entity) -> dict:
    """What the participation corner shows: the entity's open consultations and open proposals to it."""
    return {
        "consultations": list(
            Consultation.objects.filter(entity=entity).open_now().order_by("closes_at", "pk")[:10]
        ),
        "proposals": list(
            Proposal.objects.filter(entity=entity, state=Proposal.State.OPEN).order_by("-published_at")[:5]
        ),
    }


def goal_page(sdg: SdgTag) -> dict:
    public = Consultation.objects.public().filter(sdgs=sdg).select_related("entity").order_by("-opens_at")
    return {
        "open": [c for c in public if c.phase == Phase.CONDUCT][:20],
        "consultations": list(public[:30]),
        "proposals": list(Proposal.objects.public().filter(sdgs=sdg).order_by("-published_at")[:20]),
    }
