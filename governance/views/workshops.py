"""Workshops for the coordinators network: the upcoming ones, registering and cancelling, the satisfaction form."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from ..models import Workshop, WorkshopFeedback
from ..selectors_workshops import past_workshops_for, upcoming_workshops_for
from ..services import workshops as services
from ._access import is_programme_staff, members_only
from .feedback import comment_field, scale_field


class WorkshopFeedbackForm(forms.Form):
    overall = scale_field(_("Overall, how satisfied are you with this workshop?"))
    content = scale_field(_("How useful was the content for your work as a coordinator?"))
    trainer = scale_field(_("How satisfied are you with the trainer?"))
    comment = comment_field(_("Anything to add (optional)"))


@members_only
def workshop_list(request):
    return render(
        request,
        "governance/workshops/workshop_list.html",
        {
            "rows": upcoming_workshops_for(request.user),
            "past": past_workshops_for(request.user),
            "is_staff": is_programme_staff(request.user),
        },
    )


def _workshop(pk: int) -> Workshop:
    return get_object_or_404(Workshop, pk=pk, is_published=True)


def _workshop_write(request, pk: int, write, said) -> HttpResponse:
    """Register or cancel: the service decides; its refusal or `said(result)` is the message shown."""
    try:
        result = write(user=request.user, workshop=_workshop(pk))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        level, text = said(result)
        if text:
            messages.add_message(request, level, text)
    return redirect("governance:workshops")


@members_only
@require_POST
def workshop_register(request, pk: int):
    return _workshop_write(
        request,
        pk,
        services.workshop_register,
        lambda registration: (
            (messages.SUCCESS, _("You are registered for the workshop."))
            if registration.status == registration.Status.REGISTERED
            else (
                messages.INFO,
                _(
                    "The workshop is full: you are on the waiting list and will be told by e-mail if a place frees up."
                ),
            )
        ),
    )


@members_only
@require_POST
def workshop_cancel(request, pk: int):
    return _workshop_write(
        request,
        pk,
        services.workshop_cancel,
        lambda cancelled: (
            messages.SUCCESS,
            _("Your registration is cancelled.") if cancelled is not None else "",
        ),
    )


@members_only
def workshop_feedback(request, pk: int):
    workshop = _workshop(pk)
    answered = WorkshopFeedback.objects.filter(workshop=workshop, user=request.user).first()
    if answered is None and not services.workshop_feedback_may_answer(user=request.user, workshop=workshop):
        raise PermissionDenied(_("This form is for the people who attended the workshop, once it has ended."))
    form = WorkshopFeedbackForm(request.POST or None)
    if request.method == "POST" and answered is None and form.is_valid():
        try:
            services.workshop_feedback_submit(workshop=workshop, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Thank you: your answer is recorded."))
            return redirect("governance:workshop-feedback", pk=workshop.pk)
    return render(
        request,
        "governance/workshops/workshop_feedback.html",
        {"workshop": workshop, "form": form, "answered": answered},
    )
