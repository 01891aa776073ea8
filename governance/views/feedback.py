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


class CampaignFeedbackForm(forms.Form):
    satisfaction = forms.TypedChoiceField(
        label=_("How satisfied are you with this consultation?"),
        help_text=_("1 = not at all, 5 = very satisfied"),
        choices=SCALE,
        coerce=int,
        widget=forms.RadioSelect,
    )
    communication = forms.TypedChoiceField(
        label=_(
            "How satisfied are you with how the entity communicated with you (invitation, updates, outcome)?"
        ),
        help_text=_("1 = not at all, 5 = very satisfied"),
        choices=SCALE,
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Anything to add (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


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
