"""Newsletter subscription without an account: subscribe, confirm by link, unsubscribe by link."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt

from sharik.core.ratelimit import write_rate

from ..services import newsletter as service


class SubscribeForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    language = forms.ChoiceField(label=_("Language of the newsletter"), choices=settings.LANGUAGES)


@write_rate("RATELIMIT_ACCOUNT_WRITES")
def newsletter_subscribe(request):
    done = False
    if request.method == "POST":
        form = SubscribeForm(request.POST)
        if form.is_valid():
            try:
                service.subscriber_subscribe(
                    email=form.cleaned_data["email"], language=form.cleaned_data["language"]
                )
            except ValidationError as exc:
                form.add_error("email", exc)
            else:
                done = True
    else:
        form = SubscribeForm(initial={"language": get_language()})
    return render(request, "governance/newsletter_subscribe.html", {"form": form, "done": done})


def newsletter_confirm(request, token: str):
    subscriber = service.subscriber_confirm(token=token)
    return render(
        request,
        "governance/newsletter_confirm.html",
        {"subscriber": subscriber},
        status=200 if subscriber else 400,
    )


@csrf_exempt  # the signed token is the credential; mail clients post here for one-click unsubscribe (RFC 8058)
def newsletter_unsubscribe(request, token: str):
    """GET shows one button (so link scanners unsubscribe nobody); POST unsubscribes at once."""
    if request.method == "POST":
        subscriber = service.subscriber_unsubscribe(token=token)
        return render(
            request,
            "governance/newsletter_unsubscribe.html",
            {"subscriber": subscriber, "done": subscriber is not None, "invalid": subscriber is None},
            status=200 if subscriber else 400,
        )
    valid = service.subscriber_for_unsubscribe_token(token) is not None
    return render(
        request,
        "governance/newsletter_unsubscribe.html",
        {"done": False, "invalid": not valid, "token": token},
        status=200 if valid else 400,
    )
