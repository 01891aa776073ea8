"""Demo of "citizens set the agenda" (issue 14): the data tables and proposals in every state.

Idempotent: keyed on slugs, days, codes and titles. The signatories are demo accounts created in
bulk (no usable password); one proposal is past its answer deadline and already escalated.
"""

from datetime import date, timedelta

from django.utils import timezone

from governance.models import Entity
from sharik.accounts.models import User

from .models import (
    Consultation,
    Proposal,
    ProposalKind,
    ProposalMilestone,
    ProposalSignature,
    ProposalThreshold,
    PublicHoliday,
    SdgTag,
)
from .services import proposals as services
from .working_days import working_days_add

SDGS = [
    ("1", "القضاء على الفقر", "No poverty"),
    ("3", "الصحة الجيدة والرفاه", "Good health and well-being"),
    ("4", "التعليم الجيد", "Quality education"),
    ("6", "المياه النظيفة والنظافة الصحية", "Clean water and sanitation"),
    ("7", "طاقة نظيفة وبأسعار معقولة", "Affordable and clean energy"),
    ("8", "العمل اللائق ونمو الاقتصاد", "Decent work and economic growth"),
    ("11", "مدن ومجتمعات محلية مستدامة", "Sustainable cities and communities"),
    ("13", "العمل المناخي", "Climate action"),
    ("16", "السلام والعدل والمؤسسات القوية", "Peace, justice and strong institutions"),
    (
        "16.7",
        "صنع القرار على نحو مستجيب وشامل وتشاركي",
        "Responsive, inclusive, participatory decision-making",
    ),
    ("17", "عقد الشراكات لتحقيق الأهداف", "Partnerships for the goals"),
]

# UAE public holidays of 2026 as announced in advance (the lunar ones move; the federal team keeps this table).
HOLIDAYS = [
    (date(2026, 1, 1), "رأس السنة الميلادية", "New Year's Day"),
    (date(2026, 3, 19), "عيد الفطر", "Eid al-Fitr"),
    (date(2026, 3, 20), "عيد الفطر", "Eid al-Fitr"),
    (date(2026, 5, 26), "يوم عرفة", "Arafat Day"),
    (date(2026, 5, 27), "عيد الأضحى", "Eid al-Adha"),
    (date(2026, 5, 28), "عيد الأضحى", "Eid al-Adha"),
    (date(2026, 6, 16), "رأس السنة الهجرية", "Hijri New Year"),
    (date(2026, 8, 25), "المولد النبوي", "The Prophet's birthday"),
    (date(2026, 12, 1), "يوم الشهيد", "Commemoration Day"),
    (date(2026, 12, 2), "عيد الاتحاد", "National Day"),
    (date(2026, 12, 3), "عيد الاتحاد", "National Day"),
]

KINDS = [
    # slug, name ar, name en, signing days, verified only, [(signatures, response, working days)]
    (
        "petition",
        "عريضة",
        "Petition",
        90,
        False,
        [(500, ProposalThreshold.Response.ANSWER, 20), (5000, ProposalThreshold.Response.CONSULTATION, 20)],
    ),
    (
        "residents-initiative",
        "مبادرة المقيمين الموثّقين",
        "Verified residents' initiative",
        90,
        True,
        [(300, ProposalThreshold.Response.ANSWER, 20), (3000, ProposalThreshold.Response.CONSULTATION, 20)],
    ),
]

# title, entity slug, sector, sdg codes, state, signatures, how the first threshold stands
PROPOSALS = [
    ("تظليل مواقف الحافلات قرب المدارس", "moe", "education", ["4", "11"], "open", 430, None),
    ("نشر بيانات جودة الهواء كل ساعة", "mohap", "health", ["3", "13", "16.7"], "open", 520, "overdue"),
    ("Longer opening hours for health centres", "mohap", "health", ["3"], "open", 505, "waiting"),
    ("مسارات آمنة للدراجات إلى الجامعات", "moe", "education", ["4", "11"], "closed", 560, "answered"),
    ("Publish school transport routes as open data", "moe", "education", ["4", "16.7"], "pending", 0, None),
    ("إعلان مواعيد الصيانة الدورية للمدارس", "moe", "education", ["4"], "refused", 0, None),
    ("Recycling points in every residential area", None, "environment", ["11", "13"], "draft", 0, None),
]


def _signers(n: int) -> list[User]:
    existing = list(User.objects.filter(email__startswith="signer.").order_by("pk")[:n])
    missing = n - len(existing)
    if missing > 0:
        start = len(existing)
        User.objects.bulk_create(
            [
                User(
                    email=f"signer.{start + i:04d}@demo.sharik.example",
                    password="!",
                    display_name=f"Signer {start + i}",
                    is_verified_resident=(start + i) % 3 == 0,
                )
                for i in range(missing)
            ],
            ignore_conflicts=True,
        )
        existing = list(User.objects.filter(email__startswith="signer.").order_by("pk")[:n])
    return existing


def seed(*, stdout) -> None:
    for code, ar, en in SDGS:
        SdgTag.objects.get_or_create(code=code, defaults={"name_ar": ar, "name_en": en})
    for day, ar, en in HOLIDAYS:
        PublicHoliday.objects.get_or_create(day=day, defaults={"name_ar": ar, "name_en": en})
    for slug, ar, en, days, verified_only, thresholds in KINDS:
        kind, _created = ProposalKind.objects.get_or_create(
            slug=slug,
            defaults={"name_ar": ar, "name_en": en, "signing_days": days, "verified_only": verified_only},
        )
        for signatures, response, wd in thresholds:
            ProposalThreshold.objects.get_or_create(
                kind=kind, signatures=signatures, defaults={"response": response, "answer_working_days": wd}
            )
    author = (
        User.objects.filter(email="citizen@sharik.example").first()
        or User.objects.filter(email__startswith="citizen").order_by("pk").first()
    )
    moderator = User.objects.filter(email="coordination@sharik.example").first()
    if author is None or moderator is None:
        stdout.write("agenda: skipped (run the accounts and governance demos first)")
        return
    kind = ProposalKind.objects.get(slug="petition")
    signers = _signers(max(p[5] for p in PROPOSALS))
    for title, entity_slug, sector, sdgs, state, n, milestone_state in PROPOSALS:
        if Proposal.objects.filter(title=title).exists():
            continue
        entity = Entity.objects.filter(slug=entity_slug).first() if entity_slug else None
        _proposal(
            title=title,
            entity=entity,
            sector=sector,
            sdgs=sdgs,
            state=state,
            signers=signers[:n],
            milestone_state=milestone_state,
            kind=kind,
            author=author,
            moderator=moderator,
        )
    services.proposal_answers_escalate()
    stdout.write(f"agenda: {Proposal.objects.count()} citizen proposals")


def _proposal(*, title, entity, sector, sdgs, state, signers, milestone_state, kind, author, moderator):
    body = (
        "نقترح على الجهة أن تتبنى هذا المقترح لأنه يمس حياة الناس اليومية، وقد ناقشناه مع الجيران وأولياء الأمور."
        if any("\u0600" <= ch <= "\u06ff" for ch in title)
        else "We ask the entity to take this up: it touches daily life, and we discussed it with our neighbours."
    )
    proposal = services.proposal_draft_save(
        author=author,
        kind=kind,
        entity=entity,
        title=title,
        body=body,
        sector=sector,
        sdgs=list(SdgTag.objects.filter(code__in=sdgs)),
    )
    if state == "draft":
        return
    services.proposal_submit(proposal=proposal, user=author)
    if state == "pending":
        return
    if state == "refused":
        services.proposal_refuse(
            proposal=proposal,
            user=moderator,
            reason="يوجد مقترح منشور مماثل؛ يرجى دعمه بدلاً من تكرار المقترح.",
        )
        return
    services.proposal_publish(proposal=proposal, user=moderator)
    now = timezone.now()
    started = now - timedelta(days=60 if milestone_state in ("overdue", "answered") else 10)
    ProposalSignature.objects.bulk_create(
        [
            ProposalSignature(
                proposal=proposal, user=s, verified_resident=s.is_verified_resident, created_at=started
            )
            for s in signers
        ],
        ignore_conflicts=True,
    )
    reached = (started + timedelta(days=5)).date()
    Proposal.objects.filter(pk=proposal.pk).update(
        published_at=started - timedelta(days=1),
        signing_ends_at=(started - timedelta(days=1)) + timedelta(days=kind.signing_days)
        if state == "open"
        else now - timedelta(days=1),
        state=state,
    )
    if milestone_state is None:
        return
    threshold = kind.thresholds.order_by("signatures").first()
    milestone = ProposalMilestone.objects.create(
        proposal=proposal,
        threshold=threshold,
        reached_at=started + timedelta(days=5),
        due_on=working_days_add(reached, threshold.answer_working_days)
        if milestone_state != "waiting"
        else working_days_add(timezone.localdate(), threshold.answer_working_days - 2),
    )
    if milestone_state == "answered":
        milestone.answer_ar = (
            "نشكركم على المقترح. ستدرس الوزارة المسارات مع البلديات، وفتحنا استشارة عامة لتحديد الأولويات."
        )
        milestone.answer_en = (
            "Thank you. The ministry will study the routes with the municipalities; we opened a public "
            "consultation to set the priorities."
        )
        milestone.consultation = Consultation.objects.filter(entity=entity).order_by("pk").first()
        milestone.answered_at = milestone.reached_at + timedelta(days=14)
        milestone.save()
