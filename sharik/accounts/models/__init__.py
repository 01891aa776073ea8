"""People: a custom user from the first migration, signing in with an e-mail address."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.db import connections, models, router
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get(self, *args, **kwargs):
        """`User.objects.get(pk=…)` — the person of every signed-in request (Django's ModelBackend) —
        with a written-out query on PostgreSQL: building it with the ORM cost a quarter of a vote's
        CPU. The same row, fields and DoesNotExist; every other lookup goes through the ORM."""
        if args or set(kwargs) != {"pk"}:
            return super().get(*args, **kwargs)
        alias = self._db or router.db_for_read(self.model)
        connection = connections[alias]
        if connection.vendor != "postgresql":
            return super().get(*args, **kwargs)
        meta = self.model._meta
        fields = meta.concrete_fields
        sql = _BY_PK_SQL.get(self.model)
        if sql is None:
            columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
            table, pk_column = (connection.ops.quote_name(n) for n in (meta.db_table, meta.pk.column))
            # Names from the model's own metadata, quoted; the id is a parameter.
            sql = _BY_PK_SQL[self.model] = f"SELECT {columns} FROM {table} WHERE {pk_column} = %s"  # noqa: S608
        try:
            pk = self.model._meta.pk.to_python(kwargs["pk"])
        except ValidationError:
            return super().get(*args, **kwargs)  # the ORM's own error for a malformed id
        with connection.cursor() as cursor:
            cursor.execute(sql, [pk])
            row = cursor.fetchone()
        if row is None:
            raise self.model.DoesNotExist(f"{self.model._meta.object_name} matching query does not exist.")
        values = [
            f.from_db_value(value, None, connection) if hasattr(f, "from_db_value") else value
            for f, value in zip(fields, row, strict=True)
        ]
        return self.model.from_db(alias, [f.attname for f in fields], values)

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


_BY_PK_SQL: dict = {}


class AgeBand(models.TextChoices):
    UNDER_18 = "u18", _("Under 18")
    A18_24 = "18-24", _("18–24")
    A25_34 = "25-34", _("25–34")
    A35_44 = "35-44", _("35–44")
    A45_54 = "45-54", _("45–54")
    A55_64 = "55-64", _("55–64")
    A65_PLUS = "65+", _("65 and over")


class Place(models.TextChoices):
    ABU_DHABI = "abu-dhabi", _("Abu Dhabi")
    DUBAI = "dubai", _("Dubai")
    SHARJAH = "sharjah", _("Sharjah")
    AJMAN = "ajman", _("Ajman")
    UMM_AL_QUWAIN = "umm-al-quwain", _("Umm Al Quwain")
    RAS_AL_KHAIMAH = "ras-al-khaimah", _("Ras Al Khaimah")
    FUJAIRAH = "fujairah", _("Fujairah")
    ABROAD = "abroad", _("Outside the country")


class VerificationSource(models.TextChoices):
    UAEPASS = "uaepass", _("verified by UAE PASS")
    STAFF = "staff", _("verified by staff")


class User(AbstractUser):
    """A participant or a staff member. Demographics are optional and used only in aggregates."""

    username = None
    email = models.EmailField(_("e-mail address"), unique=True)
    display_name = models.CharField(_("display name"), max_length=80, blank=True)
    age_band = models.CharField(_("age band"), max_length=8, choices=AgeBand.choices, blank=True)
    place = models.CharField(_("place of residence"), max_length=20, choices=Place.choices, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=settings.LANGUAGES, default="ar"
    )
    is_verified_resident = models.BooleanField(
        _("verified resident"),
        default=False,
        help_text=_("Taken from UAE PASS at every sign-in, or set by the federal team with a reason."),
    )
    verified_by = models.CharField(
        _("verified by"), max_length=10, choices=VerificationSource.choices, blank=True
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    full_name_ar = models.CharField(_("full name (Arabic)"), max_length=200, blank=True)
    full_name_en = models.CharField(_("full name (English)"), max_length=200, blank=True)
    mobile = models.CharField(_("mobile number"), max_length=20, blank=True)
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        permissions = [("verify_resident", _("Can set or clear the verified resident flag by hand"))]

    def __str__(self) -> str:
        return self.public_name

    # With OTP_REQUIRED_FOR_STAFF, a staff session without a verified second factor holds no
    # permission anywhere (superusers included), not only under /admin/.
    def has_perm(self, perm, obj=None) -> bool:
        from sharik.core.permissions import second_factor_missing

        if second_factor_missing(self):
            return False
        return super().has_perm(perm, obj)

    def has_module_perms(self, app_label) -> bool:
        from sharik.core.permissions import second_factor_missing

        if second_factor_missing(self):
            return False
        return super().has_module_perms(app_label)

    @property
    def public_name(self) -> str:
        """The name shown beside contributions: never the e-mail address."""
        if self.deleted_at:
            return str(_("Deleted participant"))
        return self.display_name or str(_("Participant"))


class Notification(models.Model):
    """An in-portal notification. `key` makes sending idempotent: one row per person and key."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    key = models.CharField(_("key"), max_length=200)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("body"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)
    # Set when the person asked for this kind of notice in a digest: the digest job e-mails it, not us.
    digest = models.CharField(
        _("digest"),
        max_length=8,
        choices=[("daily", _("Daily digest")), ("weekly", _("Weekly digest"))],
        blank=True,
        default="",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="notification_once_per_key")]
        indexes = [
            models.Index(
                fields=["digest", "created_at"],
                condition=~models.Q(digest=""),
                name="notification_digest_idx",
            )
        ]

    def __str__(self) -> str:
        return self.title


class DataExportLink(models.Model):
    """A one-time link to download one's own data. Only the hash of the token is kept."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="data_export_links",
    )
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("data export link")
        verbose_name_plural = _("data export links")

    def __str__(self) -> str:
        return f"{self.user_id} {self.created_at:%Y-%m-%d %H:%M}"


from .identity import VERIFIED_USER_TYPES, UaePassIdentity, UaePassUserType  # noqa: E402

__all__ = [
    "VERIFIED_USER_TYPES",
    "AgeBand",
    "DataExportLink",
    "Notification",
    "Place",
    "UaePassIdentity",
    "UaePassUserType",
    "User",
    "UserManager",
    "VerificationSource",
]
