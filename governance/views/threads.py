"""The coordinators network's discussion threads (members only): start, reply, report, hide, e-mail choice."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ..models import Thread, ThreadPreference, ThreadReply
from ..services import threads as services
from ._access import members_only


class ThreadForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Subject"), max_length=200)
    body = forms.CharField(
        label=gettext_lazy("Text"), widget=forms.Textarea(attrs={"rows": 5}), max_length=10000
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control w-full")


def _errors(exc) -> str:
    return " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)


@members_only
def thread_list(request):
    form = ThreadForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            thread = services.thread_start(user=request.user, **form.cleaned_data)
        except (PermissionDenied, ValidationError) as exc:
            form.add_error(None, _errors(exc))
        else:
            messages.success(request, _("Your thread is open."))
            return redirect("governance:thread", pk=thread.pk)
    threads = Paginator(Thread.objects.select_related("author"), 20).get_page(request.GET.get("page"))
    return render(
        request,
        "governance/threads/thread_list.html",
        {
            "form": form,
            "page": threads,
            "delivery": services.delivery_of(request.user),
            "deliveries": ThreadPreference.Delivery.choices,
        },
    )


@members_only
def thread_detail(request, pk: int):
    thread = get_object_or_404(Thread.objects.select_related("author"), pk=pk)
    if request.method == "POST":
        try:
            reply = services.thread_reply_add(
                user=request.user, thread=thread, body=request.POST.get("body", "")
            )
        except (PermissionDenied, ValidationError) as exc:
            messages.error(request, _errors(exc))
        else:
            messages.success(request, _("Your reply is posted."))
            return redirect(f"{thread.get_absolute_url()}#reply-{reply.pk}")
    return render(
        request,
        "governance/threads/thread_detail.html",
        {
            "thread": thread,
            "replies": thread.replies.select_related("author").annotate(report_count=Count("reports")),
            "can_hide": request.user.has_perm("governance.change_threadreply"),
        },
    )


@members_only
@require_POST
def reply_report(request, pk: int):
    reply = get_object_or_404(ThreadReply, pk=pk, is_hidden=False)
    try:
        services.thread_reply_report(user=request.user, reply=reply, reason=request.POST.get("reason", ""))
    except (PermissionDenied, ValidationError) as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, _("Thank you: the federal team will look at this reply."))
    return redirect(f"{reply.thread.get_absolute_url()}#reply-{reply.pk}")


@members_only
@require_POST
def reply_hide(request, pk: int):
    reply = get_object_or_404(ThreadReply, pk=pk)
    if not request.user.has_perm("governance.change_threadreply"):
        raise PermissionDenied
    try:
        services.thread_reply_hide(user=request.user, reply=reply, reason=request.POST.get("reason", ""))
    except (PermissionDenied, ValidationError) as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, _("The reply is hidden; its author is told why."))
    return redirect(f"{reply.thread.get_absolute_url()}#reply-{reply.pk}")


@members_only
@require_POST
def thread_preference(request):
    try:
        services.thread_preference_set(user=request.user, delivery=request.POST.get("delivery", ""))
    except (PermissionDenied, ValidationError) as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, _("Your choice is saved."))
    return redirect("governance:threads")
