"""The admin form of a catalog upload (file, format, domain). It only parses input."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..constants import Domain


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Catalog file"),
        help_text=_("XLSX in the official table layout, or CSV or JSON in Gongkai's format."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv,.json"}),
    )
    format = forms.ChoiceField(
        label=_("Format"),
        required=False,
        choices=[("", _("From the file name")), ("xlsx", "XLSX"), ("csv", "CSV"), ("json", "JSON")],
    )
    domain = forms.ChoiceField(
        label=_("Domain"),
        required=False,
        choices=[("", _("From the sheet or table title")), *Domain.choices],
        help_text=_("Used for sheets whose name and title do not say 安全生产 or 救灾."),
    )
