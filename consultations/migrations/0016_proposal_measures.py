"""Citizen proposals counted in the measures (issue 14): a strategic KPI (answers given on time) and an
EPI criterion (the entity answered a citizen proposal in public), seeded as data the federal team edits."""

from django.db import migrations

KPI = (
    "proposals_answered_on_time",
    "نسبة الردود على مقترحات المواطنين المقدمة في موعدها",
    "Share of answers to citizen proposals given on time",
    "percent",
    90,
    "سنوياً",
    "yearly",
)
SOURCE_NOTE = (
    "محسوب من البوابة: من ردود الجهات على مقترحات المواطنين التي حلّ موعدها في الأشهر الاثني عشر الأخيرة، نسبة ما قُدّم في موعده.",
    "Computed from the portal: of the answers to citizen proposals due in the last 12 months, the share given by "
    "the due day.",
)
CRITERION = (
    "citizen-proposals-answered",
    "e-consultation",
    1,
    "citizen_proposals_answered",
    "Citizens set the agenda: proposals answered in public",
    "المواطنون يحددون الأولويات: الرد علناً على مقترحات المواطنين",
    "Answer in public a citizen proposal that reached its signature threshold.",
    "أجب علناً عن مقترح مواطنين بلغ عتبة التوقيعات.",
)


def seed(apps, schema_editor):
    Kpi = apps.get_model("governance", "Kpi")
    code, name_ar, name_en, unit, target, period_ar, period_en = KPI
    Kpi.objects.get_or_create(
        code=code,
        defaults=dict(
            name=name_ar,
            name_ar=name_ar,
            name_en=name_en,
            axis="inclusiveness",
            track="platform",
            unit=unit,
            target=target,
            period=period_ar,
            period_ar=period_ar,
            period_en=period_en,
            computation=code,
            order=Kpi.objects.count(),
            source_note=SOURCE_NOTE[0],
            source_note_ar=SOURCE_NOTE[0],
            source_note_en=SOURCE_NOTE[1],
        ),
    )
    Criterion = apps.get_model("analytics", "Criterion")
    code, level, points, check, title_en, title_ar, gain_en, gain_ar = CRITERION
    Criterion.objects.get_or_create(
        code=code,
        defaults={
            "un_level": level,
            "points": points,
            "assessment": "automatic",
            "check_name": check,
            "parameter": "",
            "title": title_ar,
            "title_ar": title_ar,
            "title_en": title_en,
            "how_to_gain": gain_ar,
            "how_to_gain_ar": gain_ar,
            "how_to_gain_en": gain_en,
            "order": (Criterion.objects.count() + 1) * 10,
        },
    )


def unseed(apps, schema_editor):
    apps.get_model("governance", "Kpi").objects.filter(code=KPI[0]).delete()
    apps.get_model("analytics", "Criterion").objects.filter(code=CRITERION[0]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0015_debates_moderation"),
        ("governance", "0011_seed_missing_kpis"),  # the KPI's source note (where its value comes from)
        ("governance", "0009_alter_annualplan_options"),
        ("analytics", "0004_insight_reach_polls_bursts"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
