"""Public content kept by the federal team: legal pages, the smart-government blog."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sharik.core.models import TimeStampedModel
from sharik.core.uploads import validate_image


class LegalPageKind(models.TextChoices):
    PRIVACY = "privacy", _("Privacy policy")
    TERMS = "terms", _("Terms of use")
    CHARTER = "charter", _("Customer charter")
    DISCLAIMER = "disclaimer", _("Disclaimer")
    RIGHT_TO_INFORMATION = "right-to-information", _("Right to information")
    ACCESSIBILITY = "accessibility", _("Accessibility statement")


class LegalPageQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True, published_on__lte=timezone.localdate())


class LegalPage(TimeStampedModel):
    """One version of a legal page; the public sees the newest published version of each kind."""

    kind = models.CharField(_("page"), max_length=24, choices=LegalPageKind.choices)
    version = models.PositiveSmallIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), help_text=_("Formatting is kept; scripts are removed."))
    published_on = models.DateField(_("publication date"))
    is_published = models.BooleanField(_("published"), default=False)
    change_note = models.CharField(_("what changed"), max_length=300, blank=True)

    objects = LegalPageQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "-version"]
        verbose_name = _("legal page")
        verbose_name_plural = _("legal pages")
        constraints = [models.UniqueConstraint(fields=["kind", "version"], name="one_legal_page_version")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} v{self.version}"

    def get_absolute_url(self) -> str:
        return reverse("governance:legal", args=[self.kind])


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self) -> str:
        return self.name


class BlogPostQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=BlogPost.Status.PUBLISHED, published_at__lte=timezone.now())


class BlogPost(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        REVIEW = "review", _("In review")
        PUBLISHED = "published", _("Published")

    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=120, unique=True, allow_unicode=True)
    summary = models.TextField(_("summary"), max_length=1000, blank=True)
    body = models.TextField(_("text"), help_text=_("Formatting is kept; scripts are removed."))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="blog_posts",
    )
    author_title = models.CharField(_("author's position"), max_length=200, blank=True)
    entity = models.ForeignKey(
        "governance.Entity",
        verbose_name=_("entity"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="blog_posts",
    )
    cover_image = models.ImageField(
        _("cover image"), upload_to="blog/", blank=True, validators=[validate_image]
    )
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="posts")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, db_index=True)

    objects = BlogPostQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name = _("blog post")
        verbose_name_plural = _("blog posts")
        permissions = [("publish_blogpost", _("Publish blog posts (federal team)"))]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="published_post_has_date",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("governance:blog-detail", args=[self.slug])
