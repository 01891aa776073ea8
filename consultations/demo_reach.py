"""Demo of reach (issue 15): goals on consultations, followers with preferences, notices and a digest,
and the Ministry of Education's registered origin for its participation corner. Idempotent."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from governance.models import Entity
from sharik.accounts.models import Notification

from .models import Consultation, Digest, Follow, FollowPreference, SdgTag
from .models.reach import Delivery, EmbedOrigin, FollowEvent
from .phases import Phase
from .services import reach as services

# The demo page that embeds the corner is served on this origin (docs/participation-corner.md).
DEMO_EMBED_ORIGIN = "http://127.0.0.1:8001"


def seed(*, stdout) -> None:
    User = get_user_model()
    moe = Entity.objects.filter(slug="moe").first()
    citizen = User.objects.filter(email="citizen@sharik.example").first()
    resident = User.objects.filter(email="resident@sharik.example").first()
    if moe is None or citizen is None or resident is None:
        stdout.write("reach: skipped (run the accounts and governance demos first)")
        return
    participation = SdgTag.objects.filter(code="16.7").first()
    education = SdgTag.objects.filter(code="4").first()
    for consultation in Consultation.objects.public():
        if participation is not None:
            consultation.sdgs.add(participation)
        if education is not None and consultation.sector == "education":
            consultation.sdgs.add(education)
    EmbedOrigin.objects.get_or_create(entity=moe, origin=DEMO_EMBED_ORIGIN)

    # Mariam follows the ministry, education and goal 16.7; she reads openings in a daily digest.
    Follow.objects.get_or_create(user=citizen, entity=moe)
    Follow.objects.get_or_create(user=citizen, sector="education")
    if participation is not None:
        Follow.objects.get_or_create(user=citizen, sdg=participation)
    # Omar follows health and wants everything on the site only, except decisions in a weekly digest.
    Follow.objects.get_or_create(user=resident, sector="health")
    for user, choices in (
        (
            citizen,
            {
                FollowEvent.OPENED: Delivery.DAILY,
                FollowEvent.CLOSING: Delivery.DAILY,
                FollowEvent.DECIDED: Delivery.WEEKLY,
                FollowEvent.ANSWERED: Delivery.SITE,
            },
        ),
        (
            resident,
            {
                FollowEvent.OPENED: Delivery.SITE,
                FollowEvent.CLOSING: Delivery.SITE,
                FollowEvent.DECIDED: Delivery.WEEKLY,
                FollowEvent.ANSWERED: Delivery.SITE,
            },
        ),
    ):
        for event, delivery in choices.items():
            FollowPreference.objects.get_or_create(user=user, event=event, defaults={"delivery": delivery})

    # The notices of what is open now (once each: the key is the event), and yesterday's digest.
    for consultation in Consultation.objects.filter(phase=Phase.CONDUCT):
        services.follow_event_notify(event=FollowEvent.OPENED, consultation=consultation)
    yesterday = timezone.localtime() - timedelta(days=1)
    if not Digest.objects.filter(user=citizen).exists():
        Notification.objects.filter(user=citizen, digest=Delivery.DAILY).update(created_at=yesterday)
        services.digests_send(frequency=Delivery.DAILY)
    stdout.write(
        f"reach: {Follow.objects.count()} follows, {Digest.objects.count()} digests, "
        f"corner of {moe.slug} framable from {DEMO_EMBED_ORIGIN}"
    )
