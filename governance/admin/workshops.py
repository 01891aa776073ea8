"""Admin of the workshops (federal team): the workshops, attendance through an action, the answers read-only."""

from django import forms
from django.contrib import admin
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from ..models import Workshop, WorkshopFeedback, WorkshopRegistration
from ..services import workshops as services
from ._helpers import run_service

Status = WorkshopRegistration.Status


class WorkshopRegistrationInline(admin.TabularInline):
    """Who registered, who waits (in order) and who came; attendance is recorded by the list's actions."""

    model = WorkshopRegistration
    fields = ("user", "status", "queued_at", "promoted_at", "attended")
    readonly_fields = fields
    extra = 0
    can_delete = False
    ordering = ("status", "queued_at", "pk")

    def has_add_permission(self, request, obj=None):
        return False


class WorkshopForm(forms.ModelForm):
    def clean_capacity(self):
        """Fewer places than people already registered would over-book without telling anyone: refused."""
        capacity = self.cleaned_data["capacity"]
        if self.instance.pk and capacity is not None:
            registered = self.instance.registrations.filter(status=Status.REGISTERED).count()
            if capacity < registered:
                raise forms.ValidationError(
                    _(
                        "%(n)d people are registered: keep at least %(n)d places, or cancel registrations first."
                    ),
                    params={"n": registered},
                    code="below_registered",
                )
        return capacity


@admin.register(Workshop)
class WorkshopAdmin(TranslationAdmin):
    form = WorkshopForm
    list_display = ("title", "starts_at", "capacity", "registered", "waiting", "attended", "is_published")
    list_filter = ("is_published",)
    search_fields = ("title",)
    date_hierarchy = "starts_at"
    inlines = [WorkshopRegistrationInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                n_registered=Count("registrations", filter=Q(registrations__status=Status.REGISTERED)),
                n_waiting=Count("registrations", filter=Q(registrations__status=Status.WAITING)),
                n_attended=Count(
                    "registrations",
                    filter=Q(registrations__status=Status.REGISTERED, registrations__attended=True),
                ),
            )
        )

    @admin.display(description=_("registered"), ordering="n_registered")
    def registered(self, obj):
        return obj.n_registered

    @admin.display(description=_("waiting"), ordering="n_waiting")
    def waiting(self, obj):
        return obj.n_waiting

    @admin.display(description=_("attended"), ordering="n_attended")
    def attended(self, obj):
        return obj.n_attended

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "capacity" in form.changed_data:
            services.workshop_places_fill(workshop=obj)  # more places: the waiting list takes them in order


@admin.register(WorkshopRegistration)
class WorkshopRegistrationAdmin(admin.ModelAdmin):
    """Registrations come from the members' page; the federal team records attendance with the actions."""

    list_display = (
        "user",
        "workshop",
        "status",
        "queued_at",
        "promoted_at",
        "attended",
        "attendance_recorded_by",
    )
    list_filter = ("workshop", "status", "attended")
    search_fields = ("user__email", "user__display_name")
    readonly_fields = [f.name for f in WorkshopRegistration._meta.fields]
    list_select_related = ("user", "workshop", "attendance_recorded_by")
    actions = ["mark_attended", "mark_absent"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def _record(self, request, queryset, attended: bool):
        done = 0
        for registration in queryset:
            if run_service(
                self,
                request,
                services.workshop_attendance_record,
                registration=registration,
                attended=attended,
                user=request.user,
            ):
                done += 1
        if done:
            self.message_user(request, _("Attendance recorded for %(n)d people.") % {"n": done})

    @admin.action(description=_("Record as attended"), permissions=["change"])
    def mark_attended(self, request, queryset):
        self._record(request, queryset, True)

    @admin.action(description=_("Record as absent"), permissions=["change"])
    def mark_absent(self, request, queryset):
        self._record(request, queryset, False)


@admin.register(WorkshopFeedback)
class WorkshopFeedbackAdmin(admin.ModelAdmin):
    """Answers come only from the trainees' form; listed without names, nobody types or edits them."""

    list_display = ("workshop", "overall", "content", "trainer", "created_at")
    list_filter = ("workshop", "overall")
    fields = ("workshop", "overall", "content", "trainer", "comment", "created_at")
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
