"""Demo §20 projects: on and off track, one with a late milestone (shown on the federal dashboard)."""

import datetime
from decimal import Decimal

from django.utils import timezone

from .models import Milestone, Project, ProjectIndicator

OWNER = ("فريق المشاركة الإلكترونية — هيئة تنظيم الاتصالات والحكومة الرقمية", "E-participation team — TDRA")

# code, name ar/en, axis, track, budget, spent, start/end (days from today),
# milestones: (title ar, title en, due in days, weight, completed days ago or None),
# indicators: (name ar, name en, unit, target, value)
PROJECTS = [
    (
        "central-platform",
        "تفعيل منصة مركزية متكاملة للمشاركة الإلكترونية",
        "A central, integrated e-participation platform",
        "support",
        "platform",
        2_400_000,
        1_500_000,
        -300,
        120,
        [
            ("تحليل المتطلبات", "Requirements analysis", -270, 1, 275),
            ("إطلاق النسخة الأولى", "First release", -120, 3, 118),
            ("ربط الجهات عبر واجهات البرمجة", "Entities connected through the API", -20, 2, None),
            ("الإطلاق الوطني", "National launch", 100, 4, None),
        ],
        [("نسبة الإنجاز حسب الخطة الزمنية", "Completion against the timeline", "percent", 100, None)],
    ),
    (
        "consult-us",
        "إدارة استشارات المشاركة الإلكترونية (شوروك علينا)",
        "Managing e-participation consultations («Consult us»)",
        "support",
        "insight",
        300_000,
        90_000,
        -200,
        160,
        [
            ("اعتماد مستويات الخدمة", "Service levels approved", -150, 1, 152),
            ("تشغيل الخدمة للجهات", "Service open to the entities", -60, 2, 61),
            ("تقييم الخدمة الأول", "First evaluation of the service", 60, 1, None),
        ],
        [("عدد المشاركات", "Number of participations", "count", 40, 26)],
    ),
    (
        "capacity-building",
        "صياغة وتنفيذ خطة لتعزيز القدرات الحكومية في المشاركة الإلكترونية",
        "A plan to build the government's e-participation capabilities",
        "enablement",
        "awareness",
        650_000,
        400_000,
        -240,
        120,
        [
            ("الدورة الإلكترونية للمنسقين", "The coordinators' e-course", -180, 2, 185),
            ("ورش العمل في الإمارات السبع", "Workshops in the seven emirates", -30, 2, 25),
            ("منتدى الإمارات للمشاركة الإلكترونية", "The UAE e-participation forum", 90, 3, None),
        ],
        [
            (
                "نسبة مشاركة الجهات في المنصة",
                "Share of entities taking part in the platform",
                "percent",
                80,
                62,
            )
        ],
    ),
    (
        "success-stories",
        "قصة نجاح",
        "Success stories",
        "enablement",
        "legislation",
        120_000,
        20_000,
        -90,
        270,
        [
            ("دعوة الجهات لتقديم القصص", "Entities invited to submit stories", -45, 1, None),
            ("نشر أول خمس قصص", "First five stories published", 45, 2, None),
        ],
        [
            (
                "نسبة رضا الجهات المشاركة عن قصص النجاح",
                "Entities' satisfaction with the success stories",
                "percent",
                80,
                None,
            )
        ],
    ),
]


def seed(*, stdout) -> None:
    if Project.objects.exists():
        return
    today = timezone.localdate()
    day = lambda n: today + datetime.timedelta(days=n)  # noqa: E731
    for order, (
        code,
        name_ar,
        name_en,
        axis,
        track,
        budget,
        spent,
        start,
        end,
        milestones,
        indicators,
    ) in enumerate(PROJECTS):
        project = Project(
            code=code, name_ar=name_ar, name_en=name_en, axis=axis, track=track,
            owner_ar=OWNER[0], owner_en=OWNER[1], budget=Decimal(budget), spent=Decimal(spent),
            starts_on=day(start), ends_on=day(end), order=order,
        )  # fmt: skip
        project.full_clean()
        project.save()
        for title_ar, title_en, due, weight, done_ago in milestones:
            Milestone.objects.create(
                project=project, title_ar=title_ar, title_en=title_en, due_on=day(due), weight=weight,
                completed_on=day(-done_ago) if done_ago is not None else None,
            )  # fmt: skip
        for ind_ar, ind_en, unit, target, value in indicators:
            ProjectIndicator.objects.create(
                project=project, name_ar=ind_ar, name_en=ind_en, unit=unit, target=target, value=value,
                measured_on=today if value is not None else None,
                evidence="تقرير المتابعة الفصلي" if value is not None else "",
            )  # fmt: skip
    stdout.write(f"programme projects: {Project.objects.count()}")
