"""The advisory service «شوروك علينا» for entities' coordinators and the federal team (members only)."""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from ..models import AdvisoryRequest, Entity, Role
from ..selectors import entities_for_user
from ..selectors_advisory import advisory_requests_for
from ..services import advisory as services


class AdvisoryRequestForm(forms.Form):
    entity = forms.ModelChoiceField(label=_("Entity"), queryset=Entity.objects.none())
    kind = forms.ChoiceField(label=_("Kind"), choices=AdvisoryRequest.Kind.choices)
    title = forms.CharField(label=_("Subject"), max_length=200)
    question = forms.CharField(
        label=_("What you need"), widget=forms.Textarea(attrs={"rows": 5}), max_length=5000
    )
    draft = forms.FileField(label=_("Draft (optional)"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entity"].queryset = entities_for_user(user).order_by("name")
        for field in self.fields.values():  # full width on a phone (no sideways scroll)
            field.widget.attrs.setdefault("class", "form-control w-full")


def _can_ask(user) -> bool:
    return any(user.has_perm("governance.add_advisoryrequest", e) for e in entities_for_user(user)[:50])


def _is_federal(user) -> bool:
    return services._is_federal(user)


@login_required
def advisory_list(request):
    requests = advisory_requests_for(request.user)
    can_ask = _can_ask(request.user)
    if not can_ask and not _is_federal(request.user) and not requests.exists():
        raise PermissionDenied
    form = AdvisoryRequestForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.advisory_request_create(
                user=request.user,
                entity=form.cleaned_data["entity"],
                kind=form.cleaned_data["kind"],
                title=form.cleaned_data["title"],
                question=form.cleaned_data["question"],
                draft=form.cleaned_data["draft"],
            )
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Your request was sent to the advisory service."))
            return redirect("governance:advisory-detail", pk=created.pk)
    return render(
        request,
        "governance/advisory/advisory_list.html",
        {"requests": requests, "form": form if can_ask else None, "is_federal": _is_federal(request.user)},
    )


def _request_for(user, pk: int) -> AdvisoryRequest:
    advisory = get_object_or_404(AdvisoryRequest.objects.select_related("entity", "advisor"), pk=pk)
    if not services.advisory_can_see(user, advisory):
        raise PermissionDenied
    return advisory


@login_required
def advisory_detail(request, pk: int):
    advisory = _request_for(request.user, pk)
    advisors = (
        get_user_model()
        .objects.filter(groups__name=Role.FEDERAL_TEAM, is_active=True)
        .distinct()
        .order_by("email")
        if _is_federal(request.user)
        else []
    )
    can_close = advisory.status == AdvisoryRequest.Status.ANSWERED and (
        request.user.pk == advisory.requested_by_id
        or request.user.has_perm("governance.coordinate_entity", advisory.entity)
    )
    return render(
        request,
        "governance/advisory/advisory_detail.html",
        {
            "advisory": advisory,
            "comments": advisory.comments.select_related("author"),
            "is_federal": _is_federal(request.user),
            "advisors": advisors,
            "can_close": can_close,
            "ratings": range(1, 6),
        },
    )


def _act(request, pk: int, fn, success, **kwargs):
    advisory = _request_for(request.user, pk)
    try:
        fn(user=request.user, request=advisory, **kwargs)
    except (PermissionDenied, ValidationError) as exc:
        messages.error(request, " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc))
    else:
        messages.success(request, success)
    return redirect("governance:advisory-detail", pk=pk)


@login_required
@require_POST
def advisory_comment(request, pk: int):
    return _act(
        request, pk, services.advisory_comment_add, _("Comment added."), body=request.POST.get("body", "")
    )


@login_required
@require_POST
def advisory_assign(request, pk: int):
    advisor = get_user_model().objects.filter(pk=request.POST.get("advisor") or 0).first()
    if advisor is None:
        messages.error(request, _("Choose an advisor."))
        return redirect("governance:advisory-detail", pk=pk)
    return _act(request, pk, services.advisory_request_assign, _("Advisor assigned."), advisor=advisor)


@login_required
@require_POST
def advisory_answer(request, pk: int):
    return _act(
        request,
        pk,
        services.advisory_request_answer,
        _("Answer sent."),
        answer=request.POST.get("answer", ""),
    )


@login_required
@require_POST
def advisory_close(request, pk: int):
    rating = request.POST.get("rating", "")
    if not rating.isdigit():
        messages.error(request, _("Choose a rating from 1 to 5."))
        return redirect("governance:advisory-detail", pk=pk)
    return _act(
        request,
        pk,
        services.advisory_request_close,
        _("Thank you: the request is closed."),
        rating=int(rating),
        comment=request.POST.get("comment", "")[:500],
    )


@login_required
def advisory_draft(request, pk: int):
    """The attached draft, served only to those who may see the request (never a public /media/ link)."""
    advisory = _request_for(request.user, pk)
    if not advisory.draft:
        raise Http404
    return FileResponse(
        advisory.draft.open("rb"), as_attachment=True, filename=advisory.draft.name.rsplit("/", 1)[-1]
    )
