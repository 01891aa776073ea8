"""The coordinators' e-course (seed §20-5, §21): graduated modules, exams drawn from question banks, certificates."""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sharik.core.models import TimeStampedModel

from .network import SKILLS


class Course(TimeStampedModel):
    """A course for the network's coordinators; passing every module issues a certificate."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    skill = models.CharField(
        _("network skill it qualifies"),
        max_length=20,
        choices=SKILLS,
        blank=True,
        help_text=_("Passing the course records this skill on the coordinator's network profile."),
    )
    is_published = models.BooleanField(_("published to the network"), default=False)

    class Meta:
        ordering = ["title"]
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def __str__(self) -> str:
        return self.title


class CourseModule(models.Model):
    """One graduated step of a course: read, watch, then pass the exam to open the next module."""

    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="modules"
    )
    position = models.PositiveSmallIntegerField(pgettext_lazy("order in a list", "position"), default=1)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("lesson"), blank=True)
    video_url = models.URLField(_("video link"), blank=True)
    document = models.FileField(_("document"), upload_to="courses/", blank=True)
    questions_per_attempt = models.PositiveSmallIntegerField(
        _("questions per attempt"), default=5, validators=[MinValueValidator(1)]
    )
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"), default=70, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    max_attempts = models.PositiveSmallIntegerField(
        _("attempts allowed"), default=3, validators=[MinValueValidator(1)]
    )
    wait_minutes = models.PositiveIntegerField(
        _("waiting time after a failed attempt (minutes)"), default=60 * 24
    )

    class Meta:
        ordering = ["course", "position"]
        verbose_name = _("course module")
        verbose_name_plural = _("course modules")
        constraints = [models.UniqueConstraint(fields=["course", "position"], name="one_module_per_position")]

    def __str__(self) -> str:
        return f"{self.course} · {self.position}. {self.title}"


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice")
        TRUE_FALSE = "true_false", _("True or false")

    module = models.ForeignKey(
        CourseModule, verbose_name=_("module"), on_delete=models.CASCADE, related_name="questions"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.SINGLE)
    text = models.CharField(_("question"), max_length=500)

    class Meta:
        ordering = ["module", "pk"]
        verbose_name = _("exam question")
        verbose_name_plural = _("exam questions")

    def __str__(self) -> str:
        return self.text


class Choice(models.Model):
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="choices"
    )
    text = models.CharField(_("answer"), max_length=300)
    is_correct = models.BooleanField(_("correct"), default=False)

    class Meta:
        ordering = ["question", "pk"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self) -> str:
        return self.text


class ExamAttempt(models.Model):
    """One sitting of a module's exam: the questions drawn for it, then the server's score."""

    module = models.ForeignKey(
        CourseModule, verbose_name=_("module"), on_delete=models.CASCADE, related_name="attempts"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coordinator"),
        on_delete=models.CASCADE,
        related_name="exam_attempts",
    )
    question_ids = models.JSONField(_("questions drawn"), default=list)
    started_at = models.DateTimeField(_("started at"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    score = models.PositiveSmallIntegerField(_("score (%)"), null=True, blank=True)
    passed = models.BooleanField(_("passed"), default=False)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("exam attempt")
        verbose_name_plural = _("exam attempts")
        constraints = [
            models.UniqueConstraint(
                fields=["module", "user"],
                condition=Q(submitted_at__isnull=True),
                name="one_open_attempt_per_module",
            ),
            models.UniqueConstraint(
                fields=["module", "user"], condition=Q(passed=True), name="one_pass_per_module"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.module}"


def new_certificate_code() -> str:
    return secrets.token_hex(6).upper()


class Certificate(models.Model):
    """Issued once a coordinator passes every module of a course; anyone can verify its code."""

    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.PROTECT, related_name="certificates"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coordinator"),
        on_delete=models.CASCADE,
        related_name="certificates",
    )
    holder_name = models.CharField(_("holder's name"), max_length=200)
    code = models.CharField(_("verification code"), max_length=16, unique=True, default=new_certificate_code)
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)

    class Meta:
        ordering = ["-issued_at"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [models.UniqueConstraint(fields=["course", "user"], name="one_certificate_per_course")]

    def __str__(self) -> str:
        return f"{self.code} · {self.holder_name}"
