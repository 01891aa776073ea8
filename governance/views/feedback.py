"""The short feedback form offered to participants after a campaign closes."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _

from ..models import CampaignFeedback
from ..models.feedback import SCALE
from ..selectors_feedback import feedback_may_answer
from ..services import feedback as services


def scale_field(label) -> forms.TypedChoiceField:
    """A 1–5 question answered with radio buttons (the campaign, workshop and support-rating forms)."""
    return forms.TypedChoiceField(
        label=label,
        help_text=_("1 = not at all, 5 = very satisfied"),
        choices=SCALE,
        coerce=int,
        widget=forms.RadioSelect,
    )


def comment_field(label, max_length: int = 1000) -> forms.CharField:
    """The optional comment under a rating form's questions."""
    return forms.CharField(
        label=label, required=False, max_length=max_length, widget=forms.Textarea(attrs={"rows": 3})
    )


class CampaignFeedbackForm(forms.Form):
    satisfaction = scale_field(_("How satisfied are you with this consultation?"))
    communication = scale_field(
        _("How satisfied are you with how the entity communicated with you (invitation, updates, outcome)?")
    )
    comment = comment_field(_("Anything to add (optional)"))


@login_required
def campaign_feedback(request, pk: int):
    from consultations.models import Consultation
    from consultations.phases import PUBLIC_PHASES

    consultation = get_object_or_404(Consultation, pk=pk, phase__in=PUBLIC_PHASES)
    answered = CampaignFeedback.objects.filter(consultation=consultation, user=request.user).first()
    if answered is None and not feedback_may_answer(user=request.user, consultation=consultation):
        raise PermissionDenied(
            _("This form is for the people who took part in the consultation, once it has closed.")
        )
    form = CampaignFeedbackForm(request.POST or None)
    if request.method == "POST" and answered is None and form.is_valid():
        try:
            services.campaign_feedback_submit(
                consultation=consultation, user=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Thank you: your answer is recorded."))
            return redirect("governance:campaign-feedback", pk=consultation.pk)
    return render(
        request,
        "governance/feedback/campaign_feedback.html",
        {"consultation": consultation, "form": form, "answered": answered},
    )
