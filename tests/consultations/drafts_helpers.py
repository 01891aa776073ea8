"""Helpers of the draft, co-drafting and follow-up tests: a draft written through the services."""

from consultations.services import drafts as services

TEXT_AR = """# الفصل الأول: الأهداف

تهدف هذه السياسة إلى تحسين جودة التعليم في المدارس الحكومية.

تلتزم الوزارة بنشر تقرير سنوي عن التقدم.

# الفصل الثاني: التنفيذ

تبدأ المرحلة الأولى في العام الدراسي القادم."""

TEXT_EN = """# Chapter one: objectives

This policy aims to improve the quality of education in public schools.

The ministry commits to publishing an annual progress report.

# Chapter two: implementation

The first phase starts next school year."""


def make_draft(consultation, coordinator, *, co_drafting=False):
    return services.draft_create(
        consultation=consultation,
        user=coordinator,
        title_ar="مسودة سياسة التعليم",
        title_en="Draft education policy",
        text_ar=TEXT_AR,
        text_en=TEXT_EN,
        co_drafting=co_drafting,
    )


def paragraphs(version):
    return list(version.paragraphs.order_by("order"))
