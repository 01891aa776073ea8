"""Agreements with entities: the list (the federal team: all; a coordinator: their entity's) and the
document, only through a short-lived link made for the person who asked."""

import datetime

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from ..models import Agreement
from ..selectors_agreements import agreement_can_see, agreements_for
from ..services.agreements import REVIEW_REMIND_DAYS, agreement_document_link


@login_required
@require_GET
def agreement_list(request):
    if not request.user.has_perm("governance.view_agreement"):
        raise PermissionDenied
    today = timezone.localdate()
    return render(
        request,
        "governance/agreements/agreement_list.html",
        {
            "agreements": agreements_for(request.user),
            "today": today,
            "soon": today + datetime.timedelta(days=REVIEW_REMIND_DAYS),
        },
    )


@login_required
@require_GET
def agreement_document(request, pk: int):
    """A stable address on the page; it answers with a signed link bound to this person (never cached)."""
    agreement = get_object_or_404(Agreement.objects.select_related("entity"), pk=pk)
    if not agreement_can_see(request.user, agreement):
        raise PermissionDenied
    response = HttpResponseRedirect(agreement_document_link(user=request.user, agreement=agreement))
    response["Cache-Control"] = "private, no-store"
    return response
