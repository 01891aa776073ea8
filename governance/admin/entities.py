from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from sharik.core.admin import EntityScopedAdminMixin

from .. import services
from ..models import Entity, EntityStageChange
from ..onboarding import OnboardingState
from ._helpers import run_service


class EntityStageChangeInline(admin.TabularInline):
    model = EntityStageChange
    fields = ("changed_at", "from_stage", "to_stage", "changed_by", "note")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


def _transition_action(state: str, label):
    def action(modeladmin, request, queryset):
        for entity in queryset:
            run_service(
                modeladmin,
                request,
                services.entity_onboarding_transition,
                entity=entity,
                to_state=state,
                user=request.user,
                success=_("%(entity)s: %(state)s")
                % {"entity": entity, "state": OnboardingState(state).label},
            )

    action.__name__ = f"move_to_{state}"
    action.short_description = label
    action.allowed_permissions = ("onboard",)
    return action


@admin.register(Entity)
class EntityAdmin(EntityScopedAdminMixin, TranslationAdmin):
    entity_lookup = "pk"
    list_display = (
        "name",
        "slug",
        "onboarding_state",
        "coordinator_nominated",
        "api_key_issued",
        "first_campaign_planned",
        "escwa_stage",
        "is_active",
    )
    list_filter = ("onboarding_state", "escwa_stage", "is_active")
    search_fields = ("name_ar", "name_en", "slug")
    prepopulated_fields = {"slug": ("name_en",)}
    readonly_fields = ("onboarding_state", "is_active")
    inlines = [EntityStageChangeInline]
    actions = [
        _transition_action(OnboardingState.ONBOARDING, _("Start onboarding")),
        _transition_action(OnboardingState.ACTIVE, _("Activate (checklist complete)")),
        _transition_action(OnboardingState.SUSPENDED, _("Suspend")),
    ]

    def has_onboard_permission(self, request):
        return request.user.has_perm("governance.onboard_entity")

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.has_perm("governance.onboard_entity"):
            fields += ["coordinator_nominated", "api_key_issued", "first_campaign_planned"]
        return fields

    def save_model(self, request, obj, form, change):
        """The ESCWA stage is saved through the service so that its history is kept."""
        if change and "escwa_stage" in form.changed_data:
            new_stage = obj.escwa_stage
            obj.escwa_stage = form.initial["escwa_stage"]
            super().save_model(request, obj, form, change)
            services.entity_stage_set(entity=obj, stage=new_stage, user=request.user)
            obj.refresh_from_db()
        else:
            super().save_model(request, obj, form, change)
