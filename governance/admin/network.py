"""Admin of the coordinators network: nominations (by entities), approval (federal team), training."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from sharik.core.admin import EntityScopedAdminMixin

from ..models import RESPONSIBILITIES, SKILLS, CoordinatorNomination, TrainingRecord
from ..services import network as network_services
from ._helpers import run_service


class TrainingRecordInline(admin.TabularInline):
    model = TrainingRecord
    extra = 0


class CoordinatorNominationForm(forms.ModelForm):
    """The seed's responsibilities and skills (§21) as a checklist on the coordinator's profile."""

    responsibilities = forms.MultipleChoiceField(
        label=_("responsibilities taken on"),
        choices=RESPONSIBILITIES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    skills = forms.MultipleChoiceField(
        label=_("skills shown"), choices=SKILLS, widget=forms.CheckboxSelectMultiple, required=False
    )

    class Meta:
        model = CoordinatorNomination
        fields = ["entity", "user", "position", "phone", "responsibilities", "skills"]


@admin.register(CoordinatorNomination)
class CoordinatorNominationAdmin(EntityScopedAdminMixin, admin.ModelAdmin):
    list_display = ("user", "entity", "position", "status", "approved_at")
    list_filter = ("status", "entity")
    search_fields = ("user__email", "user__display_name", "entity__name")
    form = CoordinatorNominationForm
    raw_id_fields = ("user",)
    readonly_fields = ("status", "nominated_by", "decided_by", "approved_at")
    inlines = [TrainingRecordInline]
    actions = ["approve", "reject"]

    def save_model(self, request, obj, form, change):
        if not change:
            created = run_service(
                self,
                request,
                network_services.coordinator_nominate,
                entity=obj.entity,
                user=obj.user,
                nominated_by=request.user,
                position=obj.position,
                phone=obj.phone,
            )
            if created is not None:
                obj.pk = created.pk
                obj._state.adding = False
            return
        network_services.coordinator_profile_update(
            nomination=obj, responsibilities=obj.responsibilities, skills=obj.skills
        )
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Approve the selected nominations"), permissions=["change"])
    def approve(self, request, queryset):
        for nomination in queryset:
            run_service(
                self,
                request,
                network_services.coordinator_nomination_decide,
                nomination=nomination,
                approve=True,
                user=request.user,
            )

    @admin.action(description=_("Reject the selected nominations"), permissions=["change"])
    def reject(self, request, queryset):
        for nomination in queryset:
            run_service(
                self,
                request,
                network_services.coordinator_nomination_decide,
                nomination=nomination,
                approve=False,
                user=request.user,
            )
