"""Public pages of citizen proposals: the list, a proposal's page, drafting, signing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from governance.models import Entity

from .. import selectors_proposals as selectors
from ..forms import ProposalFilterForm, ProposalForm
from ..models import Proposal, SdgTag
from ..services import proposals as services


def _fail(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def proposal_list(request):
    form = ProposalFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    proposals = selectors.proposals_public(filters=filters).prefetch_related("kind__thresholds")
    if filters.get("near"):
        proposals = selectors.proposals_near_threshold(proposals)
    page = Paginator(proposals, 20).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "consultations/proposals/list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "entities": Entity.objects.active().order_by("slug"),
            "sdgs": SdgTag.objects.all(),
            "mine": selectors.proposals_of_author(user=request.user).exclude(
                state__in=Proposal.PUBLIC_STATES
            ),
        },
    )


def proposal_detail(request, pk: int):
    proposal = selectors.proposal_visible(user=request.user, pk=pk)
    context = {"proposal": proposal, **selectors.proposal_page(proposal=proposal, user=request.user)}
    if proposal.state in (Proposal.State.DRAFT, Proposal.State.REFUSED):
        context["similar"] = services.proposal_similar(title=proposal.title, exclude_pk=proposal.pk)
    return render(request, "consultations/proposals/detail.html", context)


def _form_initial(proposal: Proposal) -> dict:
    return {
        "kind": proposal.kind_id,
        "entity": proposal.entity_id,
        "title": proposal.title,
        "body": proposal.body,
        "sector": proposal.sector,
        "sdgs": list(proposal.sdgs.values_list("pk", flat=True)),
    }


@login_required
@require_http_methods(["GET", "POST"])
def proposal_edit(request, pk: int | None = None):
    proposal = None
    if pk is not None:
        proposal = get_object_or_404(Proposal, pk=pk, author=request.user)
    form = ProposalForm(request.POST or None, initial=_form_initial(proposal) if proposal else None)
    similar = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            proposal = services.proposal_draft_save(
                author=request.user,
                proposal=proposal,
                kind=data["kind"],
                entity=data["entity"],
                title=data["title"],
                body=data["body"],
                sector=data["sector"],
                sdgs=list(data["sdgs"]),
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error.messages)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your draft is saved. Check the similar proposals, then send it."))
            return redirect(proposal.get_absolute_url())
        similar = services.proposal_similar(
            title=data.get("title", ""), exclude_pk=getattr(proposal, "pk", None)
        )
    return render(
        request, "consultations/proposals/form.html", {"form": form, "proposal": proposal, "similar": similar}
    )


@login_required
@require_POST
def proposal_submit(request, pk: int):
    proposal = get_object_or_404(Proposal, pk=pk, author=request.user)
    try:
        proposal = services.proposal_submit(proposal=proposal, user=request.user)
        if proposal.state == Proposal.State.OPEN:
            messages.success(request, _("Published: your proposal is open for signatures."))
        else:
            messages.success(request, _("Sent: the coordination team checks it before it is published."))
    except ValidationError as error:
        _fail(request, error)
    return redirect(proposal.get_absolute_url())


@login_required
@require_POST
def proposal_sign(request, pk: int):
    try:
        if request.POST.get("withdraw"):
            proposal = selectors.proposal_for_signature(user=request.user, pk=pk)
            services.proposal_signature_withdraw(proposal=proposal, user=request.user)
            messages.success(request, _("Your signature is withdrawn."))
        else:
            services.proposal_sign_by_id(pk=pk, user=request.user)  # 404 for a proposal not visible
            messages.success(request, _("Thank you: your signature is counted."))
    except ValidationError as error:
        _fail(request, error)
    return redirect("consultations:proposal", pk=pk)
