"""Forms of the supervision screens (they only parse; the services decide)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import QuarterlyReport


class ReportForm(forms.ModelForm):
    attachment = forms.FileField(label=_("Attach a file"), required=False)

    class Meta:
        model = QuarterlyReport
        fields = ["progress", "records_published", "catalog_progress", "problems", "next_steps"]
        widgets = {
            name: forms.Textarea(attrs={"rows": 4})
            for name in ("progress", "catalog_progress", "problems", "next_steps")
        }


class ReviewForm(forms.Form):
    comment = forms.CharField(label=_("Comments of the city"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
