"""The EPI criteria catalogue (seed 003 §8), seeded as data; the federal team edits it in the admin."""

from django.db import migrations

INFO, CONSULT, DECIDE = "e-information", "e-consultation", "e-decision-making"
SECTORS = [
    ("education", "Education", "التعليم"),
    ("health", "Health", "الصحة"),
    ("finance", "Finance", "المالية"),
    ("social-welfare", "Social welfare", "الرفاه الاجتماعي"),
    ("labour", "Labour", "العمل"),
    ("environment", "Environment", "البيئة"),
]

# code, level, points, check (empty: evidence), parameter, title en, title ar, how to gain en, how to gain ar
CATALOGUE = [
    ("archived-policy-documents", INFO, 1, "toolkit_documents", "policy",
     "Archived information on policies, budgets and legal documents",
     "معلومات مؤرشفة عن السياسات والميزانيات والوثائق القانونية",
     "Publish approved policy documents in the resource toolkit.",
     "انشر وثائق السياسات المعتمدة في مجموعة الموارد."),
    ("open-data-open-licence", INFO, 1, "open_licence_data", "",
     "Open data published under an open licence",
     "بيانات مفتوحة منشورة بترخيص مفتوح",
     "Publish at least one dataset on Sharik under an open licence.",
     "انشر مجموعة بيانات واحدة على الأقل في شارك بترخيص مفتوح."),
    ("right-to-information", INFO, 1, "legal_page", "right-to-information",
     "A right-to-information policy", "سياسة تبين حق الوصول إلى المعلومات",
     "The federal team publishes the right-to-information page on the portal.",
     "ينشر الفريق الاتحادي صفحة حق الوصول إلى المعلومات على البوابة."),
    ("partnerships", INFO, 1, "", "",
     "Partnerships with civil society or the private sector to deliver services",
     "الشراكة مع المجتمع المدني أو القطاع الخاص لتقديم الخدمات",
     "Record a link to a published partnership agreement or joint service.",
     "سجّل رابطاً لاتفاقية شراكة منشورة أو خدمة مشتركة."),
    ("free-access", INFO, 1, "", "",
     "Free access to services through the portal, kiosks, community centres, post offices, libraries and public places",
     "الوصول الحر والمجاني إلى الخدمات عبر البوابة والأكشاك والمراكز المجتمعية ومكاتب البريد والمكتبات والأماكن العامة",
     "Record a link to the page listing your free access points.",
     "سجّل رابطاً للصفحة التي تعرض نقاط الوصول المجاني إلى خدماتك."),
    ("open-data-policies", INFO, 1, "", "",
     "Open data policies and guides", "سياسات وأدلة البيانات المفتوحة",
     "Record a link to your published open data policy or guide.",
     "سجّل رابطاً لسياسة البيانات المفتوحة أو دليلها المنشور لديك."),
    ("personal-data-protection", INFO, 1, "legal_page", "privacy",
     "Personal data protection legislation online", "تشريع حماية البيانات الشخصية على الموقع",
     "The federal team publishes the privacy policy page on the portal.",
     "ينشر الفريق الاتحادي صفحة سياسة الخصوصية على البوابة."),
    ("eparticipation-policy", INFO, 1, "toolkit_documents", "guide",
     "Mission and policy documents on e-participation", "وثائق المهمة والسياسات الخاصة بالمشاركة الإلكترونية",
     "Approve and publish an e-participation guide in the resource toolkit.",
     "اعتمد دليلاً للمشاركة الإلكترونية وانشره في مجموعة الموارد."),
    ("procurement-notices", INFO, 1, "", "",
     "Public procurement notices and tender results online", "إشعارات المشتريات العامة ونتائج المناقصات على الموقع",
     "Record a link to your procurement notices and tender results.",
     "سجّل رابطاً لإشعارات المشتريات ونتائج المناقصات لديك."),
    ("service-improvement", CONSULT, 1, "service_improvement_consulted", "",
     "Citizens consulted to improve e-services and satisfaction",
     "إشراك المواطنين في مشورات لتحسين الخدمات الإلكترونية ورفع مستوى الرضا",
     "Run a public campaign whose goal is a vote on options to improve a service.",
     "أطلق حملة عامة هدفها التصويت على خيارات لتحسين خدمة."),
    ("propose-datasets", CONSULT, 1, "dataset_requests_answered", "",
     "The public can propose new open datasets, and the entity answers",
     "إتاحة الفرصة للعامة لاقتراح مجموعات بيانات مفتوحة جديدة، وردّ الجهة عليها",
     "Answer the dataset requests addressed to your entity.",
     "أجب عن طلبات مجموعات البيانات الموجهة إلى جهتك."),
    ("online-input-tools", CONSULT, 1, "online_input_tools", "",
     "Online tools to seek public opinion and raw input for policy making",
     "أدوات إلكترونية لطلب آراء الناس ومداخلاتهم لصنع السياسات",
     "Open a consultation with a poll or an idea box.",
     "افتح استشارة تتضمن استطلاعاً أو صندوق أفكار."),
    ("co-production", DECIDE, 1, "", "",
     "Evidence of co-production or crowdfunding", "دليل على الإنتاج التشاركي أو التمويل التشاركي",
     "Record a link to a co-produced service or a crowdfunded project.",
     "سجّل رابطاً لخدمة أُنتجت بالمشاركة أو مشروع مموّل تشاركياً."),
    ("outcomes-published", DECIDE, 2, "outcomes_published", "",
     "Publication of consultation outcomes", "نشر نتائج المشورات الخاصة بالسياسات",
     "Announce the decision of a closed consultation (Announcing results phase).",
     "أعلن قرار استشارة مغلقة (مرحلة إعلان النتائج)."),
]
for order, (sector, en, ar) in enumerate(SECTORS):
    CATALOGUE.append(
        (f"consulted-{sector}", CONSULT, 1, "consulted_in_sector", sector,
         f"Citizens consulted in {en.lower()}", f"إشراك المواطنين في مشورات في قطاع {ar}",
         f"Open a public consultation in the {en.lower()} sector.", f"افتح استشارة عامة في قطاع {ar}.")
    )
for order, (sector, en, ar) in enumerate(SECTORS):
    CATALOGUE.append(
        (f"decisions-{sector}", DECIDE, 1, "decisions_in_sector", sector,
         f"Decisions taken from online consultations in {en.lower()}",
         f"قرارات متخذة بناءً على مشورات إلكترونية في قطاع {ar}",
         f"Record and approve a decision on a consultation in the {en.lower()} sector.",
         f"سجّل قراراً معتمداً لاستشارة في قطاع {ar}.")
    )


def seed(apps, schema_editor):
    Criterion = apps.get_model("analytics", "Criterion")
    for order, (code, level, points, check, parameter, title_en, title_ar, gain_en, gain_ar) in enumerate(
        CATALOGUE
    ):
        Criterion.objects.get_or_create(
            code=code,
            defaults={
                "un_level": level,
                "points": points,
                "assessment": "automatic" if check else "evidence",
                "check_name": check,
                "parameter": parameter,
                "title": title_ar,
                "title_ar": title_ar,
                "title_en": title_en,
                "how_to_gain": gain_ar,
                "how_to_gain_ar": gain_ar,
                "how_to_gain_en": gain_en,
                "order": order * 10,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("analytics", "0001_epi")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
