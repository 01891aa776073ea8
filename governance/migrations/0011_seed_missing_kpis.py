"""The §16 KPIs still missing (issue 17), and on every KPI where its value comes from."""

from django.db import migrations
from django.db.models import Q

# code, name_ar, name_en, axis, track, unit, target, period_ar, period_en, computation, higher_is_better
KPIS = [
    (
        "platform-on-time",
        "توفير المنصة في الوقت المحدد",
        "The platform delivered on time",
        "support",
        "platform",
        "percent",
        100,
        "حسب الخطة الزمنية",
        "against the timeline",
        "",
        True,
    ),
    (
        "un-epi-rank",
        "المركز الأول في مؤشر المشاركة الإلكترونية للأمم المتحدة",
        "First place in the UN e-participation index",
        "enablement",
        "analysis",
        "rank",
        1,
        "كل سنتين",
        "every two years",
        "",
        False,
    ),
    (
        "communication-satisfaction",
        "نسبة الرضا عن التواصل مع الحكومة لا تقل عن 80%",
        "Satisfaction with communication with government of at least 80 %",
        "enablement",
        "awareness",
        "percent",
        80,
        "سنوياً",
        "yearly",
        "satisfaction_communication",
        True,
    ),
    (
        "smart-services-use",
        "نسبة استخدام الخدمات الحكومية الذكية لا تقل عن 85%",
        "Use of smart government services of at least 85 %",
        "enablement",
        "awareness",
        "percent",
        85,
        "سنوياً",
        "yearly",
        "",
        True,
    ),
    (
        "participating-entities-growth",
        "زيادة 20% في عدد الجهات المشاركة في المنصة",
        "+20 % entities taking part in the platform",
        "enablement",
        "awareness",
        "percent",
        20,
        "سنوياً",
        "yearly",
        "participating_entities_growth",
        True,
    ),
]

# code -> (Arabic, English): what is counted, or who types the value in and from what.
SOURCE_NOTES = {
    "active-entities": (
        "محسوب من بيانات المنصة: الجهات التي بدأت مشورة أو سجلت قراراً خلال آخر 90 يوماً.",
        "Computed from the portal: entities that started a consultation or recorded a decision in the last 90 days.",
    ),
    "entity-satisfaction": (
        "محسوب من نتائج استبيانات رضا الجهات التي يُدخلها الفريق الاتحادي في لوحة الإدارة.",
        "Computed from the entities' satisfaction surveys, whose results the federal team types into the admin.",
    ),
    "econsultation-growth": (
        "محسوب من بيانات المنصة: المشورات الإلكترونية التي بدأت خلال آخر 12 شهراً مقارنة بالـ12 شهراً السابقة.",
        "Computed from the portal: e-consultations started in the last 12 months against the 12 months before.",
    ),
    "decisions-from-consultations": (
        "محسوب من بيانات المنصة: نسبة المشورات المغلقة خلال 12 شهراً التي سُجّل لها قرار.",
        "Computed from the portal: the share of consultations closed in 12 months with a recorded decision.",
    ),
    "coordinator-growth": (
        "محسوب من شبكة المنسقين: المنسقون المعتمدون الآن مقارنة بما قبل ثلاثة أشهر.",
        "Computed from the network: approved coordinators now against three months earlier.",
    ),
    "workshop-satisfaction": (
        "محسوب من نتائج تقييم ورش العمل التي يُدخلها الفريق الاتحادي في لوحة الإدارة.",
        "Computed from the workshops' evaluations, whose results the federal team types into the admin.",
    ),
    "campaign-satisfaction": (
        "محسوب من إجابات المشاركين عن استمارة السؤالين التي تُعرض عليهم بعد إغلاق كل مشورة (4 أو 5 من 5).",
        "Computed from the participants' answers to the two-question form offered after each consultation closes (4 or 5 of 5).",
    ),
    "communication-satisfaction": (
        "محسوب من السؤال الثاني في استمارة المشاركين بعد إغلاق المشورة: تواصل الجهة معهم (4 أو 5 من 5).",
        "Computed from the second question of the participants' form after a consultation closes: how the entity communicated (4 or 5 of 5).",
    ),
    "social-engagement": (
        "يُدخله الفريق الاتحادي من إحصاءات حسابات التواصل الاجتماعي للحكومة، مع الدليل.",
        "Typed in by the federal team from the government social accounts' statistics, with evidence.",
    ),
    "platform-on-time": (
        "يُدخله الفريق الاتحادي: نسبة مراحل مشروع المنصة المسلّمة في موعدها، مع تقرير المشروع دليلاً.",
        "Typed in by the federal team: the share of the platform project's milestones delivered on time, with the project report as evidence.",
    ),
    "un-epi-rank": (
        "يُدخله الفريق الاتحادي من استبيان الأمم المتحدة لتطور الحكومة الإلكترونية (كل سنتين)، مع رابط إليه.",
        "Typed in by the federal team from the UN E-Government Survey (every two years), with a link to it.",
    ),
    "smart-services-use": (
        "يُدخله الفريق الاتحادي من تقرير استخدام الخدمات الذكية الاتحادية، مع الدليل؛ المنصة لا ترى استخدام الخدمات الأخرى.",
        "Typed in by the federal team from the federal smart-services usage report, with evidence; the portal does not see other services' use.",
    ),
    "participating-entities-growth": (
        "محسوب من بيانات المنصة: الجهات التي بدأت مشورة خلال آخر 12 شهراً مقارنة بالـ12 شهراً السابقة.",
        "Computed from the portal: entities that started a consultation in the last 12 months against the 12 months before.",
    ),
    "coordinators_certified": (
        "محسوب من الدورة الإلكترونية: المنسقون المعتمدون الحاصلون على شهادتها.",
        "Computed from the e-course: approved coordinators holding its certificate.",
    ),
    "advisory_satisfaction": (
        "محسوب من تقييم الجهات لطلباتها المغلقة في خدمة «شوروك علينا» (4 أو 5 من 5).",
        "Computed from the entities' ratings of their closed advisory requests (4 or 5 of 5).",
    ),
}


def seed(apps, schema_editor):
    Kpi = apps.get_model("governance", "Kpi")
    start = Kpi.objects.count()
    for n, (
        code,
        name_ar,
        name_en,
        axis,
        track,
        unit,
        target,
        period_ar,
        period_en,
        computation,
        higher,
    ) in enumerate(KPIS):
        Kpi.objects.get_or_create(
            code=code,
            defaults=dict(
                name=name_ar,
                name_ar=name_ar,
                name_en=name_en,
                axis=axis,
                track=track,
                unit=unit,
                target=target,
                period=period_ar,
                period_ar=period_ar,
                period_en=period_en,
                computation=computation,
                higher_is_better=higher,
                order=start + n,
            ),
        )
    for code, (note_ar, note_en) in SOURCE_NOTES.items():
        Kpi.objects.filter(Q(source_note_ar="") | Q(source_note_ar__isnull=True), code=code).update(
            source_note=note_ar, source_note_ar=note_ar, source_note_en=note_en
        )


def unseed(apps, schema_editor):
    apps.get_model("governance", "Kpi").objects.filter(code__in=[k[0] for k in KPIS]).delete()


class Migration(migrations.Migration):
    dependencies = [("governance", "0010_campaign_feedback_kpi_sources")]

    operations = [migrations.RunPython(seed, unseed)]
