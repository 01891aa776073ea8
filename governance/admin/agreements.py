"""Admin of the agreements with entities: the federal team keeps them; the document is private (signed links)."""

from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from sharik.core.admin import EntityScopedAdminMixin

from ..models import Agreement


class PrivateFileInput(forms.ClearableFileInput):
    """No "currently" link: the stored file has no public address (see the document link beside it)."""

    def is_initial(self, value):
        return False


@admin.register(Agreement)
class AgreementAdmin(EntityScopedAdminMixin, admin.ModelAdmin):
    list_display = ("title", "entity", "kind", "signed_on", "review_on", "review_reminded_for")
    list_filter = ("kind", "entity")
    search_fields = ("title", "entity__name")
    date_hierarchy = "review_on"
    readonly_fields = ("document_link", "review_reminded_for")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "document":
            kwargs["widget"] = PrivateFileInput
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description=_("current document"))
    def document_link(self, obj):
        if not obj or not obj.pk or not obj.document:
            return "—"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("governance:agreement-document", args=[obj.pk]),
            _("Open (signed link)"),
        )
