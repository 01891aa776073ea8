"""Forms of suggestions and complaints (the person's side; the staff work in the admin)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Case


class CaseForm(forms.Form):
    kind = forms.ChoiceField(label=_("What are you sending?"), choices=Case.Kind.choices)
    entity = forms.ModelChoiceField(label=_("To the entity"), queryset=None)
    consultation = forms.ModelChoiceField(
        label=_("About a consultation (optional)"),
        queryset=None,
        required=False,
        empty_label=_("No consultation"),
    )
    service = forms.CharField(label=_("About a service (optional)"), max_length=200, required=False)
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(
        label=_("Your message"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=5000,
        help_text=_("Only you and the entity's staff can read it. Nothing of a case is published."),
    )
    attachment = forms.FileField(
        label=_("Attachment (optional)"),
        required=False,
        help_text=_("PDF, Word, Excel, PowerPoint, OpenDocument, text or CSV."),
    )

    def __init__(self, *args, **kwargs):
        from governance.models import Entity

        from .models import Consultation

        super().__init__(*args, **kwargs)
        self.fields["entity"].queryset = Entity.objects.active().order_by("slug")
        self.fields["consultation"].queryset = Consultation.objects.public().select_related("entity")
        self.fields["consultation"].label_from_instance = lambda c: f"{c.title} · {c.entity.name}"


class CaseReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Why are you not satisfied with the answer?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
    )


class CaseCloseForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How satisfied are you with the answer? (1 = not at all, 5 = fully)"),
        choices=[(str(n), str(n)) for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(label=_("Comment (optional)"), max_length=500, required=False)
