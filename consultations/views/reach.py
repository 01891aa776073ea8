"""Reach (issue 15): follow buttons, the preferences page, one-click unsubscribe, the goal pages,
the RSS/Atom and iCalendar feeds, and the participation corner entities embed on their own sites."""

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.syndication.views import Feed
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.csp import CSP
from django.utils.feedgenerator import Atom1Feed
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from governance.models import Entity
from sharik.core.choices import Sector

from .. import selectors_reach as selectors
from ..models import SdgTag
from ..models.reach import Delivery, FollowEvent
from ..services import reach as services


@require_POST
@login_required
def follow_toggle(request, kind: str, key: str):
    target = services.follow_target(kind=kind, key=key)
    if target is None:
        raise Http404
    following = request.POST.get("follow", "1") == "1"
    try:
        services.follow_set(user=request.user, kind=kind, target=target, follow=following)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("You follow this now. Choose how you are told on your follows page.")
            if following
            else _("You no longer follow this."),
        )
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("consultations:follows")
    return redirect(back)


@login_required
@require_http_methods(["GET", "POST"])
def follows(request):
    """What the person follows, and how they want to be told of each kind of event."""
    if request.method == "POST":
        choices = {
            event: request.POST[f"event-{event}"]
            for event in FollowEvent.values
            if f"event-{event}" in request.POST
        }
        try:
            services.follow_preferences_set(user=request.user, choices=choices)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Your preferences are saved."))
            return redirect("consultations:follows")
    preferences = selectors.preferences_of(request.user)
    return render(
        request,
        "consultations/reach/follows.html",
        {
            "follows": selectors.follows_of(request.user),
            "events": [(value, label, preferences[value]) for value, label in FollowEvent.choices],
            "deliveries": Delivery.choices,
        },
    )


@csrf_exempt  # the signed token is the credential; mail clients POST here for one-click unsubscribe (RFC 8058)
@require_http_methods(["GET", "POST"])
def follow_unsubscribe(request, token: str):
    """GET shows one button (link scanners unsubscribe nobody); POST stops those e-mails at once."""
    if request.method == "POST":
        user = services.unsubscribe(token=token)
        return render(
            request,
            "consultations/reach/unsubscribe.html",
            {"done": user is not None, "invalid": user is None},
            status=200 if user else 400,
        )
    valid = services.unsubscribe_check(token) is not None
    return render(
        request,
        "consultations/reach/unsubscribe.html",
        {"done": False, "invalid": not valid, "token": token},
        status=200 if valid else 400,
    )


def goal_detail(request, code: str):
    sdg = get_object_or_404(SdgTag, code=code)
    return render(
        request,
        "consultations/reach/goal.html",
        {"sdg": sdg, "following": selectors.is_following(request.user, sdg=sdg), **selectors.goal_page(sdg)},
    )


def goal_list(request):
    return render(request, "consultations/reach/goals.html", {"goals": SdgTag.objects.order_by("code")})


# --- Feeds ---------------------------------------------------------------------------------------


class ConsultationFeed(Feed):
    """RSS 2.0 of the public consultations of one entity, sector or goal (`/feeds/<kind>/<key>/rss/`)."""

    def get_object(self, request, kind: str, key: str):
        if kind == "entity":
            return kind, get_object_or_404(Entity.objects.active(), slug=key)
        if kind == "sector":
            if key not in Sector.values:
                raise Http404
            return kind, key
        if kind == "sdg":
            return kind, get_object_or_404(SdgTag, code=key)
        raise Http404

    def title(self, obj):
        kind, target = obj
        name = Sector(target).label if kind == "sector" else str(target)
        return _("Sharik consultations: %(name)s") % {"name": name}

    def link(self, obj):
        kind, target = obj
        if kind == "sdg":
            return reverse("consultations:goal", args=[target.code])
        if kind == "entity":
            return target.get_absolute_url()
        return reverse("consultations:list") + f"?sector={target}"

    def description(self, obj):
        return _("New and updated public consultations on Sharik.")

    def items(self, obj):
        kind, target = obj
        return selectors.consultations_for_feed(**{kind: target})

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_pubdate(self, item):
        return item.opens_at or item.created_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.entity.name

    def item_categories(self, item):
        return [str(item.get_status_display()), str(item.get_sector_display())]


class ConsultationAtomFeed(ConsultationFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj):
        return self.description(obj)


def calendar_ics(request):
    """iCalendar (RFC 5545) of the opening and closing dates of public consultations (?entity=slug)."""
    from icalendar import Calendar, Event

    entity = None
    if request.GET.get("entity"):
        entity = get_object_or_404(Entity.objects.active(), slug=request.GET["entity"])
    calendar = Calendar()
    calendar.add("prodid", "-//Sharik//consultations//AR-EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _("Sharik consultations"))
    domain = request.get_host().split(":")[0]
    now = timezone.now()
    for consultation in selectors.consultations_for_feed(entity=entity, limit=200):
        if not consultation.opens_at:
            continue
        event = Event()
        event.add("uid", f"consultation-{consultation.pk}@{domain}")
        event.add("dtstamp", now)
        event.add("summary", consultation.title)
        event.add("dtstart", consultation.opens_at)
        event.add("dtend", consultation.closes_at or consultation.opens_at + timedelta(hours=1))
        event.add("url", request.build_absolute_uri(consultation.get_absolute_url()))
        event.add("description", f"{consultation.entity.name}: {consultation.summary}"[:1000])
        calendar.add_component(event)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="sharik-consultations.ics"'
    return response


# --- The participation corner --------------------------------------------------------------------


def corner(request, slug: str):
    """The widget an entity frames on its own site: only its registered origins may frame it."""
    entity = get_object_or_404(Entity.objects.active(), slug=slug)
    origins = list(entity.embed_origins.values_list("origin", flat=True))
    response = render(
        request,
        "consultations/reach/corner.html",
        {"entity": entity, "portal_url": settings.SITE_URL, **selectors.corner_items(entity)},
    )
    response._csp_config = {**settings.SECURE_CSP, "frame-ancestors": origins or [CSP.NONE]}
    if origins:  # CSP frame-ancestors names who may frame; X-Frame-Options cannot name an origin
        response.xframe_options_exempt = True
    return response


def corner_snippet(entity, language: str = "ar") -> str:
    """The one `<iframe>` an entity pastes into its site (shown in the admin)."""
    with translation.override(language):
        path = reverse("consultations:corner", args=[entity.slug])
        title = _("Take part: %(entity)s on Sharik") % {"entity": entity.name}
    return (
        f'<iframe src="{settings.SITE_URL}{path}" title="{title}" '
        'style="width:100%;max-width:480px;height:420px;border:0" loading="lazy"></iframe>'
    )


# --- Share cards ---------------------------------------------------------------------------------


def _share_subject(kind: str, key: str):
    """(title, entity name, state label, updated) of a public consultation, proposal or dataset."""
    from ..models import Consultation, Proposal

    if kind == "consultation":
        c = get_object_or_404(Consultation.objects.public().select_related("entity"), pk=int(key))
        state = _("Decided") if c.decided_at and c.decision else c.get_status_display()
        return c.title, c.entity.name, str(state), c.updated_at
    if kind == "proposal":
        p = get_object_or_404(Proposal.objects.public().select_related("entity"), pk=int(key))
        entity = p.entity.name if p.entity_id else _("Federal level")
        return p.title, str(entity), str(p.get_state_display()), p.updated_at
    if kind == "dataset":
        from opendata.models import Dataset

        d = get_object_or_404(Dataset.objects.published().select_related("entity"), name=key)
        return d.title, d.entity.name, str(_("Open data")), d.updated_at
    raise Http404


def share_image(request, kind: str, key: str):
    """The generated 1200×630 share card of a page, in the page's language (cached per version)."""
    from django.core.cache import cache

    from ..share_card import share_card_png

    try:
        title, entity, state, updated = _share_subject(kind, key)
    except ValueError:
        raise Http404 from None
    language = translation.get_language() or "ar"
    cache_key = f"share-card:{kind}:{key}:{language}:{updated.timestamp():.0f}"
    png = cache.get(cache_key)
    if png is None:
        png = share_card_png(title=title, entity=entity, state=state, language=language)
        cache.set(cache_key, png, 24 * 3600)
    response = HttpResponse(png, content_type="image/png")
    response["Cache-Control"] = "public, max-age=3600"
    return response
