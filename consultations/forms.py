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
