from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from .forms import ResidentVerificationForm
from .models import Notification, UaePassIdentity, User
from .services import identity as identity_services


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = [
        "email",
        "display_name",
        "is_verified_resident",
        "verified_by",
        "is_staff",
        "is_active",
        "date_joined",
    ]
    list_filter = ["is_verified_resident", "verified_by", "is_staff", "is_active", "groups"]
    search_fields = ["email", "display_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (
            _("Profile"),
            {
                "fields": [
                    "display_name",
                    "full_name_ar",
                    "full_name_en",
                    "mobile",
                    "preferred_language",
                    "age_band",
                    "place",
                ]
            },
        ),
        (_("Residency"), {"fields": ["is_verified_resident", "verified_by", "verified_at", "verification"]}),
        (_("Permissions"), {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined", "deleted_at"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]
    # The verified-resident flag changes only through its own page (a reason, the audit log).
    readonly_fields = [
        "last_login",
        "date_joined",
        "deleted_at",
        "is_verified_resident",
        "verified_by",
        "verified_at",
        "verification",
    ]

    @admin.display(description=_("Change verification"))
    def verification(self, obj):
        if obj is None or obj.pk is None:
            return "-"
        url = reverse("admin:accounts_user_verification", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Set or clear the verified resident flag"))

    def get_urls(self):
        return [
            path(
                "<int:pk>/verification/",
                self.admin_site.admin_view(self.verification_view),
                name="accounts_user_verification",
            ),
            *super().get_urls(),
        ]

    def verification_view(self, request, pk: int):
        """The federal team sets or clears "verified resident" by hand, with a required reason."""
        if not identity_services.can_verify_residents(request.user):
            raise PermissionDenied
        person = get_object_or_404(User, pk=pk)
        form = ResidentVerificationForm(
            request.POST or None, initial={"is_verified_resident": person.is_verified_resident}
        )
        if request.method == "POST" and form.is_valid():
            try:
                identity_services.resident_verification_set(
                    user=person,
                    verified=form.cleaned_data["is_verified_resident"],
                    reason=form.cleaned_data["reason"],
                    actor=request.user,
                )
            except ValidationError as refused:
                form.add_error(None, refused)
            else:
                messages.success(request, _("The verification is saved and recorded in the audit log."))
                return redirect("admin:accounts_user_change", person.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Verified resident: %(person)s") % {"person": person.email},
            "person": person,
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/accounts/user/verification.html", context)


@admin.register(UaePassIdentity)
class UaePassIdentityAdmin(admin.ModelAdmin):
    """Read-only: the link is made and removed by the person (the Emirates ID hash is never shown)."""

    list_display = ["user", "user_type", "linked_at", "last_sign_in_at"]
    list_filter = ["user_type"]
    search_fields = ["user__email"]
    fields = ["user", "user_type", "linked_at", "last_sign_in_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["title", "user", "created_at", "read_at", "emailed_at"]
    search_fields = ["title", "key"]
    readonly_fields = ["user", "key", "title", "body", "url", "created_at", "read_at", "emailed_at"]

    def has_add_permission(self, request):
        return False  # the services write notifications (one per person and key); every field is read-only


# Staff enrol their authenticator themselves (/accounts/two-factor/setup/). The admin only lists the
# devices and lets the federal team remove one (a lost phone: the person enrols again). django-otp's
# own admin would show secrets and QR codes, and its config view fails on an unknown id.
if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)


@admin.register(TOTPDevice)
class TOTPDeviceAdmin(admin.ModelAdmin):
    list_display = ["user", "name", "confirmed", "created_at", "last_used_at"]
    list_filter = ["confirmed"]
    search_fields = ["user__email"]
    fields = ["user", "name", "confirmed", "created_at", "last_used_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
