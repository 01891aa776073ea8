"""The plan's three risks (seed §19) and its strategic indicators (seed §16), as data."""

import datetime

from django.db import migrations

OWNER_AR = "هيئة تنظيم الاتصالات"
OWNER_EN = "Telecommunications Regulatory Authority"
# The seed's register leaves the date blank; the plan's second edition is dated September 2018.
REGISTERED = datetime.date(2018, 9, 1)

RISKS = [
    (
        "ضعف تجاوب بعض الجهات الاتحادية مع الاستراتيجية",
        "Weak response of some federal entities to the strategy",
        "strategic",
        "التواصل والمتابعة الدائمة للجهات الاتحادية",
        "Constant communication with and follow-up of the federal entities",
    ),
    (
        "عدم تجاوب جمهور المتعاملين مع مواضيع المشاركة",
        "The public does not respond to the participation topics",
        "strategic",
        "تعزيز خطط التسويق على مواقع الجهات الاتحادية",
        "Strengthen the marketing plans on the federal entities' websites",
    ),
    (
        "عدم وجود آلية عمل معتمدة داخل الجهة الحكومية لتطبيق المشاركة الإلكترونية",
        "No approved working procedure inside the government entity for applying e-participation",
        "operational",
        "التواصل مع صناع القرار في الجهات الحكومية لاتخاذ اللازم",
        "Engage the decision makers in the government entities to take the necessary action",
    ),
]

# code, name_ar, name_en, axis, track, unit, target, baseline, period, computation
KPIS = [
    ("active-entities", "الجهات الحكومية المشاركة بفاعلية في المنصة", "Government entities actively using the platform",
     "support", "platform", "count", 30, 0, "آخر 90 يوماً", "active_entities_90d"),
    ("entity-satisfaction", "نسبة رضا الجهات الحكومية عن المنصة", "Government entities' satisfaction with the platform",
     "support", "platform", "percent", 80, None, "سنوياً", "satisfaction_platform"),
    ("econsultation-growth", "زيادة عدد المشورات الإلكترونية المتوفرة على المنصة", "Growth of e-consultations on the platform",
     "inclusiveness", "coordination", "percent", 20, 0, "سنوياً", "econsultation_growth"),
    ("decisions-from-consultations", "زيادة القرارات الحكومية المبنية على المشورات الإلكترونية", "Government decisions based on e-consultations",
     "inclusiveness", "coordination", "percent", 10, 0, "سنوياً", "decisions_share"),
    ("coordinator-growth", "زيادة عدد منسقي المشاركة كل 3 شهور", "Growth of e-participation coordinators every 3 months",
     "enablement", "awareness", "percent", 10, 0, "ربع سنوي", "coordinator_growth_quarter"),
    ("workshop-satisfaction", "نسبة رضا المتدربين عن ورش العمل في مجال المشاركة", "Participants' satisfaction with e-participation workshops",
     "enablement", "awareness", "percent", 80, None, "سنوياً", "satisfaction_workshop"),
    ("campaign-satisfaction", "رضا المشاركين بعد حملات المشاركة", "Participants' satisfaction after campaigns",
     "inclusiveness", "coordination", "percent", 80, None, "سنوياً", "satisfaction_campaign"),
    ("social-engagement", "زيادة الإشادات والمشاركات على حسابات التواصل الاجتماعي للحكومة", "Growth of impressions and engagements on government social accounts",
     "enablement", "awareness", "percent", 20, 0, "سنوياً", ""),
]

PERIODS_EN = {"آخر 90 يوماً": "last 90 days", "سنوياً": "yearly", "ربع سنوي": "quarterly"}


def seed(apps, schema_editor):
    Risk = apps.get_model("governance", "Risk")
    Kpi = apps.get_model("governance", "Kpi")
    for risk_ar, risk_en, kind, plan_ar, plan_en in RISKS:
        if Risk.objects.filter(risk_ar=risk_ar).exists():
            continue
        Risk.objects.create(
            risk=risk_ar, risk_ar=risk_ar, risk_en=risk_en, type=kind,
            recovery_plan=plan_ar, recovery_plan_ar=plan_ar, recovery_plan_en=plan_en,
            impact=["time", "quality"], importance="high",
            owner=OWNER_AR, owner_ar=OWNER_AR, owner_en=OWNER_EN,
            registered_on=REGISTERED, status="open",
        )
    for order, (code, name_ar, name_en, axis, track, unit, target, baseline, period, computation) in enumerate(KPIS):
        Kpi.objects.get_or_create(
            code=code,
            defaults=dict(
                name=name_ar, name_ar=name_ar, name_en=name_en, axis=axis, track=track, unit=unit,
                target=target, baseline=baseline, period=period, period_ar=period,
                period_en=PERIODS_EN[period], computation=computation, order=order,
            ),
        )


def unseed(apps, schema_editor):
    apps.get_model("governance", "Risk").objects.filter(risk_ar__in=[r[0] for r in RISKS]).delete()
    apps.get_model("governance", "Kpi").objects.filter(code__in=[k[0] for k in KPIS]).delete()


class Migration(migrations.Migration):
    dependencies = [("governance", "0002_governance_network")]

    operations = [migrations.RunPython(seed, unseed)]
