"""Taking part without an account, where the campaign's plan lets anyone take part."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sharik.core.client_address import client_ip

from .. import selectors
from ..models import Poll
from ..services import lifecycle as lifecycle_services
from ..services import vote_cast


@require_POST
def anonymous_vote(request, pk: int, poll_pk: int):
    consultation = selectors.consultation_visible(user=request.user, pk=pk)
    poll = get_object_or_404(
        Poll.objects.select_related("consultation"), pk=poll_pk, consultation=consultation
    )
    option_ids = request.POST.getlist("option")
    try:
        if request.user.is_authenticated:  # logged in after all: a registered vote
            vote_cast(poll=poll, user=request.user, option_ids=option_ids)
        else:
            if not request.session.session_key:
                request.session.save()
            lifecycle_services.anonymous_vote_cast(
                poll=poll,
                session_key=request.session.session_key,
                option_ids=option_ids,
                client_ip=client_ip(request),
            )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _(
                "Your vote is recorded. Votes without an account are counted separately and never decide a binding vote."
            ),
        )
    return redirect(consultation.get_absolute_url() + f"#poll-{poll.pk}")
