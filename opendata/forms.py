from django import forms
from django.utils.translation import gettext_lazy as _

from governance.models import Entity

from .models import Reuse
from .selectors import SORTS


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search the datasets"), required=False, max_length=200)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("relevance", _("Relevance")),
            ("newest", _("Newest")),
            ("downloads", _("Most downloaded")),
            ("modified", _("Recently updated")),
            ("stars", _("Most stars")),
            ("title", _("Title")),
        ],
    )

    def clean_sort(self):
        value = self.cleaned_data["sort"]
        return value if value in SORTS else "relevance"


class _FullWidth:
    """Every field as wide as its form (the design system's inputs), labels above."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "w-full")


class DatasetRequestForm(_FullWidth, forms.Form):
    entity = forms.ModelChoiceField(
        label=_("Which entity holds this data?"), queryset=Entity.objects.active(), to_field_name="slug"
    )
    title = forms.CharField(label=_("What data would you like published?"), max_length=300)
    reason = forms.CharField(
        label=_("Why is it needed, and what will you do with it?"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class CommentForm(_FullWidth, forms.Form):
    body = forms.CharField(label=_("Your comment"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class ReuseForm(_FullWidth, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Reuse.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    url = forms.URLField(label=_("Address"), max_length=500, assume_scheme="https")
    description = forms.CharField(
        label=_("Description"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
