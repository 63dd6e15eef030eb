"""Content of each bureau's disclosure column that the bureau edits itself."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.fields import RichTextField
from wagtail.models import DraftStateMixin, RevisionMixin
from wagtail.search import index

from gongkai.core.html import to_wagtail_richtext
from gongkai.core.models import AuditedModel

GUIDE_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "hr"]


class DisclosureGuide(AuditedModel, DraftStateMixin, RevisionMixin, index.Indexed, models.Model):
    """信息公开指南 (条例 Art. 12): how the bureau discloses and how to ask for information.

    One per bureau. Drafts and revisions through Wagtail; the portal shows the live version.
    """

    bureau = models.OneToOneField(
        "organizations.Bureau", verbose_name=_("bureau"), on_delete=models.PROTECT, related_name="disclosure_guide"
    )
    body = RichTextField(_("guide text"), features=GUIDE_FEATURES, blank=True)
    rules_text = RichTextField(
        _("disclosure rules"),
        features=GUIDE_FEATURES,
        blank=True,
        help_text=_("信息公开制度: the bureau's disclosure rules (review, publication, confidentiality checks)."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    search_fields = [index.SearchField("body"), index.FilterField("bureau")]

    class Meta:
        verbose_name = _("disclosure guide")
        verbose_name_plural = _("disclosure guides")
        permissions = [("publish_disclosureguide", "Can publish disclosure guide")]

    def __str__(self):
        return str(_("Disclosure guide of %(bureau)s") % {"bureau": self.bureau.name})

    def save(self, *args, **kwargs):
        self.normalize_richtext()
        super().save(*args, **kwargs)

    def normalize_richtext(self) -> None:
        self.body = to_wagtail_richtext(self.body)
        self.rules_text = to_wagtail_richtext(self.rules_text)

    def serializable_data(self):
        # Revisions are serialized before the row is saved: normalize here too.
        self.normalize_richtext()
        return super().serializable_data()

    def audit_bureau_code(self):
        return self.bureau.code
