"""Two KPIs fed by the programme office (issue 17): certified coordinators and advisory satisfaction."""

from django.db import migrations

KPIS = [
    (
        "coordinators_certified",
        "نسبة المنسقين الحاصلين على شهادة الدورة الإلكترونية",
        "Share of network coordinators certified by the e-course",
        "support", "awareness", "percent", 80, "سنوياً", "yearly", "coordinators_certified_share",
    ),
    (
        "advisory_satisfaction",
        "رضا الجهات عن خدمة «شوروك علينا»",
        "Entities' satisfaction with the advisory service «Consult us»",
        "support", "coordination", "percent", 80, "سنوياً", "yearly", "advisory_satisfaction",
    ),
]


def seed(apps, schema_editor):
    Kpi = apps.get_model("governance", "Kpi")
    start = Kpi.objects.count()
    for n, (code, name_ar, name_en, axis, track, unit, target, period_ar, period_en, computation) in enumerate(KPIS):
        Kpi.objects.get_or_create(
            code=code,
            defaults=dict(
                name=name_ar, name_ar=name_ar, name_en=name_en, axis=axis, track=track, unit=unit, target=target,
                period=period_ar, period_ar=period_ar, period_en=period_en, computation=computation, order=start + n,
            ),
        )


def unseed(apps, schema_editor):
    apps.get_model("governance", "Kpi").objects.filter(code__in=[k[0] for k in KPIS]).delete()


class Migration(migrations.Migration):
    dependencies = [("governance", "0006_advisory")]

    operations = [migrations.RunPython(seed, unseed)]
