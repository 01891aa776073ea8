"""Demo people. The password is for the demo only."""

import datetime

from django.contrib.auth.models import Group
from django.utils import timezone

from .models import UaePassIdentity, User, VerificationSource
from .services.identity import idn_hash

DEMO_PASSWORD = "Sharik-demo-2026"
DEMO_LOGINS = [
    ("admin@sharik.example", "superuser"),
    ("federal@sharik.example", "federal team"),
    ("coordinator.moe@sharik.example", "coordinator, Ministry of Education"),
    ("coordinator.mohap@sharik.example", "coordinator, Ministry of Health"),
    ("moderator@sharik.example", "moderator, Ministry of Education"),
    ("coordination@sharik.example", "coordination and follow-up team"),
    ("oversight@sharik.example", "oversight committee"),
    ("citizen@sharik.example", "citizen (verified resident)"),
    ("resident@sharik.example", "citizen"),
    ("uaepass@sharik.example", "citizen, UAE PASS linked (verified by UAE PASS)"),
]

CITIZENS = [
    ("citizen@sharik.example", "مريم", "25-34", "dubai", True),
    ("resident@sharik.example", "Omar", "35-44", "sharjah", False),
    ("citizen3@sharik.example", "خالد", "45-54", "abu-dhabi", True),
    ("citizen4@sharik.example", "Aisha", "18-24", "ajman", False),
    ("citizen5@sharik.example", "سارة", "55-64", "fujairah", True),
]


def _user(email: str, **fields) -> User:
    user, created = User.objects.get_or_create(email=email, defaults=fields)
    if created:
        user.set_password(DEMO_PASSWORD)
        # Established accounts: the campaign insight counts contributions from accounts under a day old.
        user.date_joined = timezone.now() - datetime.timedelta(days=400)
        user.save()
    return user


def seed(*, stdout) -> None:
    admin = _user("admin@sharik.example", display_name="Sharik admin", is_staff=True, is_superuser=True)
    assert admin.is_superuser
    citizen_group, _ = Group.objects.get_or_create(name="citizen")
    for email, name, age, place, verified in CITIZENS:
        user = _user(
            email,
            display_name=name,
            age_band=age,
            place=place,
            is_verified_resident=verified,
            verified_by=VerificationSource.STAFF if verified else "",
            verified_at=timezone.now() if verified else None,
        )
        user.groups.add(citizen_group)
    # A person who linked UAE PASS (a verified SOP2 account): "verified by UAE PASS" on the profile.
    linked = _user(
        "uaepass@sharik.example",
        display_name="فاطمة",
        full_name_ar="فاطمة الكعبي",
        full_name_en="Fatima Alkaabi",
        mobile="971500000099",
        place="abu-dhabi",
        is_verified_resident=True,
        verified_by=VerificationSource.UAEPASS,
        verified_at=timezone.now(),
    )
    linked.groups.add(citizen_group)
    UaePassIdentity.objects.get_or_create(
        user=linked,
        defaults={
            "subject": "UAEPASS/demo-0000-4000-8000-000000000099",
            "idn_hash": idn_hash("784199000000099"),
            "user_type": "SOP2",
            "last_sign_in_at": timezone.now(),
        },
    )
    stdout.write(f"people: {User.objects.count()}")
