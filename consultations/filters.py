"""The archive's filters, one FilterSet shared by the API (`GET /api/v1/consultations/`) and /archive/."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from governance.models import Entity
from sharik.core.choices import EscwaStage, Sector, UNLevel

from .models import Consultation
from .phases import Phase, Status, phases_for_status
from .search import consultation_search


def _has_decision() -> Q:
    return (Q(decision_ar__isnull=False) & ~Q(decision_ar="")) | (
        Q(decision_en__isnull=False) & ~Q(decision_en="")
    )


class ArchiveFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_q", max_length=200)
    entity = django_filters.ModelChoiceFilter(
        label=_("Entity"),
        field_name="entity",
        to_field_name="slug",
        queryset=Entity.objects.all(),
        empty_label=_("All entities"),
    )
    sector = django_filters.ChoiceFilter(
        label=_("Sector"), choices=Sector.choices, empty_label=_("All sectors")
    )
    un_level = django_filters.ChoiceFilter(
        label=_("UN level"), choices=UNLevel.choices, empty_label=_("All levels")
    )
    escwa_stage = django_filters.ChoiceFilter(
        label=_("ESCWA stage"), choices=EscwaStage.choices, empty_label=_("All stages")
    )
    phase = django_filters.ChoiceFilter(label=_("Phase"), choices=Phase.choices, empty_label=_("All phases"))
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Status.choices, method="filter_status", empty_label=_("All statuses")
    )
    year = django_filters.NumberFilter(label=_("Year"), method="filter_year", min_value=1900, max_value=2200)
    has_decision = django_filters.BooleanFilter(
        label=_("Has a decision"),
        method="filter_has_decision",
        widget=forms.Select(choices=[("", _("Either")), ("true", _("Yes")), ("false", _("No"))]),
    )
    source = django_filters.ChoiceFilter(
        label=_("Source"), choices=Consultation.Source.choices, empty_label=_("All sources")
    )

    class Meta:
        model = Consultation
        fields = [
            "q",
            "entity",
            "sector",
            "un_level",
            "escwa_stage",
            "phase",
            "status",
            "year",
            "has_decision",
            "source",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for form_field in self.form.fields.values():
            form_field.widget.attrs.setdefault("class", "w-full")

    def filter_q(self, queryset, name, value):
        return consultation_search(queryset, value)

    def filter_status(self, queryset, name, value):
        return queryset.filter(phase__in=phases_for_status(value))

    def filter_year(self, queryset, name, value):
        year = int(value)
        return queryset.filter(Q(opens_at__year=year) | Q(opens_at__isnull=True, created_at__year=year))

    def filter_has_decision(self, queryset, name, value):
        return queryset.filter(_has_decision()) if value else queryset.exclude(_has_decision())
