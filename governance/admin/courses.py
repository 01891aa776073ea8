"""Admin of the coordinators' e-course (federal team): courses, modules, question banks; attempts and certificates read-only."""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline, TranslationTabularInline

from ..models import Certificate, Choice, Course, CourseModule, ExamAttempt, Question


class CourseModuleInline(TranslationStackedInline):
    model = CourseModule
    extra = 0
    fields = (
        "position",
        "title",
        "body",
        "video_url",
        "document",
        "questions_per_attempt",
        "pass_mark",
        "max_attempts",
        "wait_minutes",
    )


@admin.register(Course)
class CourseAdmin(TranslationAdmin):
    list_display = ("title", "slug", "skill", "is_published")
    list_filter = ("is_published",)
    prepopulated_fields = {"slug": ("title_en",)}
    inlines = [CourseModuleInline]


class QuestionInline(TranslationTabularInline):
    model = Question
    extra = 0
    show_change_link = True


@admin.register(CourseModule)
class CourseModuleAdmin(TranslationAdmin):
    list_display = ("__str__", "questions_per_attempt", "pass_mark", "max_attempts", "wait_minutes")
    list_filter = ("course",)
    inlines = [QuestionInline]


class ChoiceInline(TranslationTabularInline):
    model = Choice
    extra = 2


@admin.register(Question)
class QuestionAdmin(TranslationAdmin):
    list_display = ("text", "kind", "module")
    list_filter = ("kind", "module__course")
    inlines = [ChoiceInline]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Written only by the exam and certificate services, never by hand."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ExamAttempt)
class ExamAttemptAdmin(ReadOnlyAdmin):
    list_display = ("user", "module", "started_at", "submitted_at", "score", "passed")
    list_filter = ("passed", "module__course")
    search_fields = ("user__email",)


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdmin):
    list_display = ("code", "holder_name", "course", "issued_at")
    search_fields = ("code", "holder_name")
    readonly_fields = ("code", "holder_name", "course", "user", "issued_at")
