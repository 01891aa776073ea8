"""Governance demo data that reads the other apps' demo data, so seed_demo runs it last.

The annual plans link planned campaigns to the demo consultations; KPI values are computed (today and
at earlier dates, so the KPI page shows a trend); a newsletter issue is composed from the recent posts
and decisions; the annual report is generated (HTML and PDF) and approved.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from sharik.accounts.models import User

from .models import (
    AnnualPlan,
    AnnualReport,
    Entity,
    Kpi,
    KpiValue,
    NewsletterIssue,
    PlanIndicator,
    PlannedCampaign,
)
from .services import kpis as kpi_services
from .services import newsletter as newsletter_services
from .services import reports as report_services

# code, value, evidence, link: the §16 KPIs the portal cannot see, typed in by the federal team.
MANUAL_KPI_VALUES = [
    ("platform-on-time", Decimal("100"), "تقرير إغلاق مشروع المنصة: سُلّمت كل المراحل في موعدها", ""),
    (
        "un-epi-rank",
        Decimal("8"),
        "استبيان الأمم المتحدة لتطور الحكومة الإلكترونية 2024",
        "https://publicadministration.un.org/egovkb",
    ),
    ("smart-services-use", Decimal("87.5"), "تقرير الخدمات الذكية الاتحادية السنوي", "https://u.ae/"),
]


# An entity plan's indicators: measured by the portal, and one typed in by the coordinator.
PLAN_INDICATORS = [
    ("مشورات تُطرح للجمهور", "Consultations opened to the public", "consultations_opened", 4, None),
    ("قرارات مبنية على المشورات", "Decisions based on consultations", "decisions", 2, None),
    ("مساهمات إلكترونية", "Online contributions", "contributions", 200, None),
    ("رضا المشاركين (%)", "Participants' satisfaction (%)", "satisfaction", 80, None),
    ("جلسات حوار مباشر مع المتعاملين", "Face-to-face dialogue sessions", "manual", 6, Decimal(4)),
]


def _seed_campaign_feedback() -> None:
    """Participants of the closed demo consultations answer the feedback form (the citizen demo login
    is left out, so it is offered the form)."""
    from consultations.models import Consultation
    from consultations.selectors_lifecycle import participant_ids

    from .kpis import CLOSED_PHASES
    from .models import CampaignFeedback
    from .services.feedback import campaign_feedback_submit

    if CampaignFeedback.objects.exists():
        return
    left_out = set(User.objects.filter(email="citizen@sharik.example").values_list("pk", flat=True))
    pattern = [(5, 4), (4, 4), (3, 2), (5, 5), (4, 3), (2, 3)]
    for consultation in Consultation.objects.filter(phase__in=CLOSED_PHASES).order_by("pk"):
        people = User.objects.filter(pk__in=participant_ids(consultation) - left_out).order_by("pk")
        for n, person in enumerate(people):
            satisfaction, communication = pattern[n % len(pattern)]
            campaign_feedback_submit(
                consultation=consultation, user=person, satisfaction=satisfaction, communication=communication
            )


def seed(*, stdout) -> None:
    from consultations.models import Consultation

    year = timezone.localdate().year
    federal = User.objects.get(email="federal@sharik.example")
    oversight = User.objects.get(email="oversight@sharik.example")

    for slug, objectives_text, kpis_text in [
        (
            "moe",
            "إشراك الطلبة وأولياء الأمور في سياسات التعليم؛ نشر نتائج كل مشورة خلال شهر من إغلاقها.",
            "مشورتان على الأقل كل ربع سنة\nنسبة رضا المشاركين 80%",
        ),
        ("mohap", "تحسين خدمات المواعيد والمراكز الصحية بمشاركة المتعاملين.", "ثلاث مشورات في السنة"),
    ]:
        entity = Entity.objects.get(slug=slug)
        plan, created = AnnualPlan.objects.get_or_create(
            entity=entity,
            year=year,
            defaults={"objectives": objectives_text, "kpis": kpis_text, "status": AnnualPlan.Status.APPROVED},
        )
        if created:
            consultations = list(Consultation.objects.filter(entity=entity).order_by("pk")[:3])
            for quarter, consultation in enumerate(consultations, start=1):
                PlannedCampaign.objects.create(
                    plan=plan, title=consultation.title, quarter=quarter, consultation=consultation
                )
            PlannedCampaign.objects.create(plan=plan, title="حملة الربع الرابع", quarter=4)
        if not plan.indicators.exists():
            for name_ar, name_en, measure, target, value in PLAN_INDICATORS:
                PlanIndicator.objects.create(
                    plan=plan, name_ar=name_ar, name_en=name_en, measure=measure, target=target, value=value
                )

    _seed_campaign_feedback()

    # KPI values: today, and 90 and 180 days ago, for a trend; the manual KPIs typed in with evidence.
    if not KpiValue.objects.exists():
        now = timezone.now()
        for days in (180, 90, 0):
            kpi_services.kpi_values_compute(as_of=now - datetime.timedelta(days=days))
        social = Kpi.objects.filter(code="social-engagement").first()
        if social is not None:
            for days, value in ((180, Decimal("12.5")), (90, Decimal("17")), (0, Decimal("22"))):
                kpi_services.kpi_value_enter(
                    kpi=social,
                    value=value,
                    measured_on=timezone.localdate() - datetime.timedelta(days=days),
                    user=federal,
                    evidence="تقرير قياس منصات التواصل الاجتماعي الفصلي",
                    evidence_url="https://u.ae/",
                )
        for code, value, evidence, url in MANUAL_KPI_VALUES:
            kpi = Kpi.objects.filter(code=code).first()
            if kpi is not None:
                kpi_services.kpi_value_enter(
                    kpi=kpi,
                    value=value,
                    measured_on=timezone.localdate(),
                    user=federal,
                    evidence=evidence,
                    evidence_url=url,
                )

    if not NewsletterIssue.objects.exists():
        issue = NewsletterIssue.objects.create(
            title_ar="النشرة الإخبارية للحكومة الذكية — هذا الشهر",
            title_en="Smart government newsletter — this month",
            intro_ar="أهم ما جرى على منصة شارك خلال الشهر المنصرم.",
            intro_en="The highlights of the past month on Sharik.",
            news_ar="انضمام وزارة التغير المناخي والبيئة إلى المنصة",
            news_en="The Ministry of Climate Change and Environment joins the platform",
        )
        newsletter_services.newsletter_issue_compose(issue=issue)

    if not AnnualReport.objects.filter(year=year).exists():
        report = AnnualReport.objects.create(year=year)
        report_services.annual_report_generate(report_id=report.pk)
        report.refresh_from_db()
        report_services.annual_report_approve(report=report, user=oversight)
    stdout.write(f"governance: {KpiValue.objects.count()} KPI values, annual report {year}")
