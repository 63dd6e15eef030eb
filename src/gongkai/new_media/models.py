"""Government new-media accounts (政务新媒体) and the applications that open, change and close them.

An account (`NewMediaAccount`) exists in the registry only once an application to open it is fully
approved; a change or a closure reaches the account only when its own application is fully approved
(国办发〔2018〕123号: opening, change, closure and cancellation are reviewed and recorded by the
supervising government office). Each approval step (`ApplicationStep`) records who decided, when and
with which opinion. Posts (`Post`) are recorded by the operator or imported from the platform's export;
the newest one feeds the "no post in 2 weeks" check (检查指标 N-V2).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.core.models import AuditedModel, TimestampedModel, actor_field


class Platform(models.TextChoices):
    WECHAT = "wechat", _("WeChat official account")
    WEIBO = "weibo", _("Weibo")
    DOUYIN = "douyin", _("Douyin")
    TOUTIAO = "toutiao", _("Toutiao")
    APP = "app", _("Mobile app")
    OTHER = "other", _("Other platform")


class AccountStatus(models.TextChoices):
    ACTIVE = "active", _("In operation")
    CLOSED = "closed", _("Closed")


class ApplicationKind(models.TextChoices):
    OPEN = "open", _("Open an account")
    CHANGE = "change", _("Change an account")
    CLOSE = "close", _("Close an account")


class ApplicationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    DENIED = "denied", _("Denied")


class Stage(models.TextChoices):
    """The approval chain, in order: the bureau's leader, the county government office, the city."""

    BUREAU = "bureau", _("Bureau leader")
    REVIEW_OFFICE = "review_office", _("Government review office")
    CITY = "city", _("City")


class Decision(models.TextChoices):
    APPROVED = "approved", _("Approved")
    DENIED = "denied", _("Denied")


class NewMediaAccount(AuditedModel, TimestampedModel):
    bureau = models.ForeignKey(
        "organizations.Bureau", verbose_name=_("bureau"), on_delete=models.PROTECT, related_name="new_media_accounts"
    )
    platform = models.CharField(_("platform"), max_length=20, choices=Platform.choices)
    name = models.CharField(_("account name"), max_length=100)
    handle = models.CharField(_("account id"), max_length=100)
    url = models.URLField(_("address"), blank=True)
    operator = models.CharField(_("operator"), max_length=100, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=AccountStatus.choices, default=AccountStatus.ACTIVE)
    opened_on = models.DateField(_("opened on"))
    changed_on = models.DateField(_("last changed on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    last_post_at = models.DateTimeField(_("last post"), null=True, blank=True)

    class Meta:
        ordering = ["bureau__sort_order", "platform", "name"]
        verbose_name = _("new-media account")
        verbose_name_plural = _("new-media accounts")
        constraints = [
            models.UniqueConstraint(
                fields=["platform", "handle"],
                condition=models.Q(status="active"),
                name="new_media_one_active_account_per_handle",
            )
        ]

    def __str__(self):
        return f"{self.get_platform_display()} · {self.name}"

    def audit_bureau_code(self):
        return self.bureau.code


class AccountApplication(AuditedModel, TimestampedModel):
    """An application to open, change or close an account, and where it stands in the approval chain."""

    bureau = models.ForeignKey(
        "organizations.Bureau", verbose_name=_("bureau"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ApplicationKind.choices)
    account = models.ForeignKey(
        NewMediaAccount,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="applications",
    )
    # What the account will be (open, change); for a closure a copy of the account as it is.
    platform = models.CharField(_("platform"), max_length=20, choices=Platform.choices)
    name = models.CharField(_("account name"), max_length=100)
    handle = models.CharField(_("account id"), max_length=100)
    url = models.URLField(_("address"), blank=True)
    operator = models.CharField(_("operator"), max_length=100, blank=True)
    reason = models.TextField(_("reason"))
    effective_on = models.DateField(_("effective on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.PENDING
    )
    stage = models.CharField(_("waiting for"), max_length=20, choices=Stage.choices, default=Stage.BUREAU)
    # The chain fixed when the application was submitted (the city step is a setting).
    stages = models.JSONField(_("approval chain"), default=list)
    submitted_by = actor_field(_("submitted by"))
    submitted_at = models.DateTimeField(_("submitted at"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("new-media application")
        verbose_name_plural = _("new-media applications")

    def __str__(self):
        return f"{self.get_kind_display()} · {self.get_platform_display()} · {self.name}"

    def audit_bureau_code(self):
        return self.bureau.code


class ApplicationStep(TimestampedModel):
    """One decision in the chain: who, when, with which opinion."""

    application = models.ForeignKey(
        AccountApplication, verbose_name=_("application"), on_delete=models.CASCADE, related_name="steps"
    )
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    decided_by = actor_field(_("decided by"))
    decided_at = models.DateTimeField(_("decided at"))
    opinion = models.TextField(_("opinion"), blank=True)
    confidentiality_result = models.CharField(_("confidentiality check"), max_length=30, blank=True)
    confidentiality_notes = models.TextField(_("notes of the check"), blank=True)

    class Meta:
        ordering = ["decided_at", "pk"]
        verbose_name = _("approval step")
        verbose_name_plural = _("approval steps")


class PostSource(models.TextChoices):
    MANUAL = "manual", _("Recorded by the operator")
    IMPORT = "import", _("Imported")


class Post(TimestampedModel):
    account = models.ForeignKey(
        NewMediaAccount, verbose_name=_("account"), on_delete=models.CASCADE, related_name="posts"
    )
    posted_at = models.DateTimeField(_("posted at"))
    title = models.CharField(_("title"), max_length=300)
    url = models.URLField(_("address"), max_length=500, blank=True)
    source = models.CharField(_("source"), max_length=10, choices=PostSource.choices, default=PostSource.MANUAL)
    recorded_by = actor_field(_("recorded by"))

    class Meta:
        ordering = ["-posted_at", "-pk"]
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        constraints = [models.UniqueConstraint(fields=["account", "posted_at", "title"], name="new_media_post_once")]

    def __str__(self):
        return self.title
