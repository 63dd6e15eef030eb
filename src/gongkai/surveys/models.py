"""Surveys (问卷调查) of a bureau: questions of four kinds, published through four-eyes approval, one
response per person (verified by a code sent to the person's email address or mobile number).

Each survey verifies its respondents by ONE kind of contact, chosen by staff (`verify_by`: mobile number
or email address, fixed once published), so that a person who has both cannot answer twice. The
respondent is stored only as a keyed hash of the normalised contact (`respondent`), enough to refuse a
second response and never enough to read the contact back; `verified_by` records its kind. Answers are kept per response as JSON
(question id -> value), the results are counted from them (`results.py`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.core.models import ReviewedForPublication, TimestampedModel


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for approval")
    PUBLISHED = "published", _("Published")


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    TEXT = "text", _("Text")
    RATING = "rating", _("Rating (1 to 5)")


RATING_MAX = 5


class VerifyBy(models.TextChoices):
    """The one kind of contact a survey's respondents prove (one response per person)."""

    PHONE = "phone", _("Mobile number (SMS code)")
    EMAIL = "email", _("Email address (email code)")


class Survey(ReviewedForPublication, TimestampedModel):
    bureau = models.ForeignKey(
        "organizations.Bureau", verbose_name=_("bureau"), on_delete=models.PROTECT, related_name="surveys"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    status = models.CharField(_("status"), max_length=20, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT)
    verify_by = models.CharField(
        _("respondents verified by"), max_length=5, choices=VerifyBy.choices, default=VerifyBy.EMAIL
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last edited by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["-opens_on", "-pk"]

    def __str__(self):
        return self.title

    def audit_bureau_code(self):
        return self.bureau.code

    def is_open_on(self, day) -> bool:
        return self.status == SurveyStatus.PUBLISHED and self.opens_on <= day <= self.closes_on


class Question(models.Model):
    survey = models.ForeignKey(Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveIntegerField(_("position"), default=0)
    kind = models.CharField(_("kind"), max_length=10, choices=QuestionKind.choices)
    text = models.CharField(_("question"), max_length=500)
    required = models.BooleanField(_("required"), default=True)
    choices = models.JSONField(_("choices"), default=list, blank=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["survey", "position", "pk"]

    def __str__(self):
        return self.text

    @property
    def field_name(self) -> str:
        return f"q{self.pk}"


class SurveyResponse(models.Model):
    survey = models.ForeignKey(Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="responses")
    respondent = models.CharField(max_length=64, editable=False)
    verified_by = models.CharField(_("verified by"), max_length=5, choices=VerifyBy.choices, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"))
    answers = models.JSONField(_("answers"), default=dict)

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        constraints = [models.UniqueConstraint(fields=["survey", "respondent"], name="one_response_per_person")]


class VerificationCode(models.Model):
    """A one-time code sent to an address to prove it before answering (hashes only)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+")
    respondent = models.CharField(max_length=64)
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["survey", "respondent"], name="survey_code_lookup")]
