"""Admin of the experience exchange: posts (entity-scoped, read-only), and the coordination team's matches."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from sharik.core.admin import EntityScopedAdminMixin

from ..models import ExchangeMatch, ExpertisePost
from ..services import exchange as services


@admin.register(ExpertisePost)
class ExpertisePostAdmin(EntityScopedAdminMixin, admin.ModelAdmin):
    """Posts are written by the entities' coordinators on the members' page; here they are read."""

    list_display = ("topic", "kind", "entity", "status", "created_at")
    list_filter = ("kind", "status", "entity")
    search_fields = ("topic", "description")
    readonly_fields = [f.name for f in ExpertisePost._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ExchangeMatchForm(forms.ModelForm):
    class Meta:
        model = ExchangeMatch
        fields = ("offer", "request", "outcome", "outcome_note")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "offer" in self.fields:  # a new match: only open posts
            open_posts = ExpertisePost.objects.filter(status=ExpertisePost.Status.OPEN).select_related(
                "entity"
            )
            self.fields["offer"].queryset = open_posts.filter(kind=ExpertisePost.Kind.OFFER)
            self.fields["request"].queryset = open_posts.filter(kind=ExpertisePost.Kind.REQUEST)

    def clean(self):
        data = super().clean()
        if self.instance.pk is None and data.get("offer") and data.get("request"):
            try:
                services.exchange_match_check(offer=data["offer"], request=data["request"])
            except ValidationError as exc:
                raise forms.ValidationError(exc.messages) from exc
        return data


@admin.register(ExchangeMatch)
class ExchangeMatchAdmin(admin.ModelAdmin):
    """The coordination team matches an open offer with an open request, then records the outcome."""

    form = ExchangeMatchForm
    list_display = ("offer", "request", "matched_at", "outcome", "outcome_recorded_at")
    list_filter = ("outcome",)
    list_select_related = ("offer__entity", "request__entity")

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ("matched_by", "matched_at")
        return ("offer", "request", "matched_by", "matched_at", "outcome_recorded_at")

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("offer", "request", "outcome", "outcome_note")
        return (
            "offer",
            "request",
            "matched_by",
            "matched_at",
            "outcome",
            "outcome_note",
            "outcome_recorded_at",
        )

    def save_model(self, request, obj, form, change):
        if not change:
            match = services.exchange_match_create(user=request.user, offer=obj.offer, request=obj.request)
            obj.pk = match.pk
            obj.matched_at = match.matched_at
            obj._state.adding = False
        services.exchange_outcome_record(
            user=request.user,
            match=ExchangeMatch(pk=obj.pk),
            outcome=form.cleaned_data["outcome"],
            note=form.cleaned_data.get("outcome_note", ""),
        )
        obj.refresh_from_db()

    def has_delete_permission(self, request, obj=None):
        return False
