from django import forms
from django.utils.translation import gettext_lazy as _

from sharik.core.choices import Sector, UNLevel

from .models import CommentFlag
from .phases import Status


class ConsultationFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    entity = forms.CharField(label=_("Entity"), required=False, max_length=80)
    sector = forms.ChoiceField(
        label=_("Sector"), required=False, choices=[("", _("All sectors")), *Sector.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses"))] + [(s.value, s.label) for s in Status if s != Status.DRAFT],
    )
    level = forms.ChoiceField(
        label=_("Level"), required=False, choices=[("", _("All levels")), *UNLevel.choices]
    )


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Your comment"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class FlagForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why should a moderator look at it?"), choices=CommentFlag.Reason.choices
    )


class IdeaForm(forms.Form):
    title = forms.CharField(label=_("Title of your idea"), max_length=200)
    body = forms.CharField(label=_("Describe it"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000)


# Citizens set the agenda (issue 14): drafting a proposal and filtering the list.
class ProposalForm(forms.Form):
    kind = forms.ModelChoiceField(label=_("Kind of proposal"), queryset=None, empty_label=None)
    entity = forms.ModelChoiceField(
        label=_("Addressed to"), queryset=None, required=False, empty_label=_("The federal level")
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Your proposal"), widget=forms.Textarea(attrs={"rows": 8}), max_length=6000
    )
    sector = forms.ChoiceField(label=_("Sector"), choices=Sector.choices)
    sdgs = forms.ModelMultipleChoiceField(
        label=_("Sustainable development goals"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        from governance.models import Entity

        from .models import ProposalKind, SdgTag

        super().__init__(*args, **kwargs)
        self.fields["kind"].queryset = ProposalKind.objects.all()
        self.fields["entity"].queryset = Entity.objects.active()
        self.fields["sdgs"].queryset = SdgTag.objects.all()


class ProposalFilterForm(forms.Form):
    entity = forms.CharField(label=_("Entity"), required=False)
    sector = forms.ChoiceField(
        label=_("Sector"), required=False, choices=[("", _("All sectors")), *Sector.choices]
    )
    sdg = forms.CharField(label=_("Sustainable development goal"), required=False)
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", _("All")), ("open", _("Open for signatures")), ("closed", _("Signing closed"))],
    )
    near = forms.BooleanField(label=_("Close to a threshold"), required=False)


# Debates (issue 14): the forums of seed 003 §15-2.
class DebateForm(forms.Form):
    sector = forms.ChoiceField(label=_("Forum (sector)"), choices=Sector.choices)
    title = forms.CharField(label=_("Topic"), max_length=200, min_length=5)
    body = forms.CharField(
        label=_("What do you want to discuss?"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=4000,
        min_length=20,
    )


class DebateFilterForm(forms.Form):
    sector = forms.ChoiceField(
        label=_("Forum (sector)"), required=False, choices=[("", _("All forums")), *Sector.choices]
    )
    taken_up = forms.BooleanField(label=_("Taken up into a consultation"), required=False)
