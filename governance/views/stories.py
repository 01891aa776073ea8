"""Success stories (public) and the coordinators' rating of the programme's support (members)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _

from ..selectors_stories import (
    coordinated_entities,
    stories_published,
    support_rating_entities,
    support_rating_period_open,
)
from ..services import stories as services
from .feedback import comment_field, scale_field

STORIES_PER_PAGE = 12


def story_list(request):
    page = Paginator(stories_published(), STORIES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "governance/stories/story_list.html", {"page": page})


def story_detail(request, pk: int):
    story = get_object_or_404(stories_published(), pk=pk)
    consultation = story.consultation
    return render(
        request,
        "governance/stories/story_detail.html",
        {
            "story": story,
            "consultation": consultation,
            "has_follow_ups": _has_follow_ups(consultation),
        },
    )


def _has_follow_ups(consultation) -> bool:
    """Whether the consultation has a "you said, we did" page with rows to show."""
    from consultations.selectors_drafts import follow_ups_of

    return follow_ups_of(consultation).exists()


class SupportRatingForm(forms.Form):
    rating = scale_field(_("How satisfied is your entity with the support of the national programme office?"))
    comment = comment_field(_("What helped, and what should improve (optional)"), max_length=2000)


@login_required
def support_rating(request):
    """Each entity's coordinators rate the programme's support once per period."""
    if not coordinated_entities(request.user):
        raise PermissionDenied(_("This page is for the coordinators of government entities."))
    period = support_rating_period_open()
    rows = support_rating_entities(request.user, period)
    pending = [entity for entity, rating in rows if rating is None]
    form = SupportRatingForm(request.POST or None)
    if request.method == "POST" and period is not None and form.is_valid():
        entity = next((e for e in pending if str(e.pk) == request.POST.get("entity")), None)
        if entity is None:
            raise PermissionDenied(_("Choose one of your entities that has not rated this period."))
        try:
            services.support_rating_submit(
                user=request.user, entity=entity, period=period, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Thank you: your entity's rating is recorded."))
            return redirect("governance:support-rating")
    return render(
        request,
        "governance/stories/support_rating.html",
        {"period": period, "rows": rows, "pending": pending, "form": form},
    )
