"""Experience exchange between entities: the open offers and requests, an entity's matches, its posts."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _

from ..models import ExpertisePost
from ..selectors_exchange import entities_posting_for, matches_for_entities, open_posts
from ..services import exchange as services
from ._access import members_only


class ExpertisePostForm(forms.Form):
    entity = forms.ModelChoiceField(label=_("Entity"), queryset=None, empty_label=None)
    kind = forms.ChoiceField(label=_("Kind"), choices=ExpertisePost.Kind.choices)
    topic = forms.CharField(label=_("Topic"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What your entity can share, or what it is looking for, and for whom."),
    )

    def __init__(self, *args, entities, **kwargs):
        super().__init__(*args, **kwargs)
        from ..models import Entity

        self.fields["entity"].queryset = Entity.objects.filter(pk__in=[e.pk for e in entities])


class ExpertisePostEditForm(forms.Form):
    topic = forms.CharField(label=_("Topic"), max_length=200)
    description = forms.CharField(
        label=_("Description"), max_length=3000, widget=forms.Textarea(attrs={"rows": 4})
    )
    close = forms.BooleanField(label=_("Close it: no longer needed"), required=False)


@members_only
def exchange_list(request):
    entities = entities_posting_for(request.user)
    form = ExpertisePostForm(request.POST or None, entities=entities) if entities else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.expertise_post_create(user=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Your entity's post is published to the network."))
                return redirect("governance:exchange")
    posts = list(open_posts())
    own = {e.pk for e in entities}
    return render(
        request,
        "governance/exchange/exchange_list.html",
        {
            "offers": [p for p in posts if p.kind == ExpertisePost.Kind.OFFER],
            "requests": [p for p in posts if p.kind == ExpertisePost.Kind.REQUEST],
            "own": own,
            "matches": matches_for_entities(entities) if entities else [],
            "form": form,
        },
    )


@members_only
def exchange_edit(request, pk: int):
    post = get_object_or_404(ExpertisePost.objects.select_related("entity"), pk=pk)
    if not request.user.has_perm("governance.change_expertisepost", post):
        raise PermissionDenied(_("You can only edit your own entity's offers and requests."))
    form = ExpertisePostEditForm(
        request.POST or None, initial={"topic": post.topic, "description": post.description}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.expertise_post_update(user=request.user, post=post, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("governance:exchange")
    return render(request, "governance/exchange/exchange_edit.html", {"post": post, "form": form})
