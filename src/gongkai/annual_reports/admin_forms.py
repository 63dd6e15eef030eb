"""Forms of the staff screens: open a report, edit it (texts, hand-entered table 二 figures, table 四), approve."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import layout, table2


class OpenForm(forms.Form):
    bureau = forms.ModelChoiceField(label=_("Bureau"), queryset=None)
    year = forms.IntegerField(label=_("Year"), min_value=2008)

    def __init__(self, *args, bureaus, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bureau"].queryset = bureaus
        self.fields["year"].initial = timezone.localdate().year - (1 if timezone.localdate().month <= 3 else 0)
        if bureaus.count() == 1:
            self.fields["bureau"].initial = bureaus.first()


def t2_name(row: str, col: str) -> str:
    return f"t2_{row}__{col}"


def t4_name(row: str, col: str) -> str:
    return f"t4_{row}__{col}"


class ReportForm(forms.Form):
    """One field per part's text, per table 二 cell (empty: the figure from the data) and per table 四 cell."""

    not_applicable = forms.MultipleChoiceField(
        label=_("Rows of table 2 reported as “/” (not applicable)"),
        choices=[(row, layout.TABLE2_ROW_LABELS[row]) for row in layout.TABLE2_ROWS],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, data_build, stored, **kwargs):
        super().__init__(*args, **kwargs)
        self.build = data_build
        for key in layout.SECTION_KEYS:
            self.fields[f"text_{key}"] = forms.CharField(
                label=layout.section_title(key),
                required=False,
                widget=forms.Textarea(attrs={"rows": 6}),
                initial=data_build.text(key),
            )
        for row, col in layout.table2_cells():
            source = data_build.table2.sources[row][col]
            entered = (stored.table2_manual.get(row) or {}).get(col, "")
            self.fields[t2_name(row, col)] = forms.CharField(
                label=f"{layout.TABLE2_ROW_LABELS[row]} · {layout.TABLE2_COLUMN_LABELS[col]}",
                required=False,
                initial=entered,
                help_text=(
                    _("From the data: %(value)s. Enter a figure only to replace it.")
                    % {"value": data_build.table2.cells[row][col]}
                    if (row, col) not in table2.MANUAL_ONLY
                    else _("Not in the data: entered by hand.")
                ),
                widget=forms.TextInput(attrs={"inputmode": "decimal", "data-source": source}),
            )
        for row in layout.TABLE4_ROWS:
            for col in layout.TABLE4_COLUMNS:
                self.fields[t4_name(row, col)] = forms.IntegerField(
                    label=layout.TABLE4_COLUMN_LABELS[col],
                    required=False,
                    min_value=0,
                    initial=data_build.table4[row][col],
                )
        self.fields["not_applicable"].initial = list(stored.table2_not_applicable)

    def texts(self) -> dict:
        return {key: self.cleaned_data[f"text_{key}"] for key in layout.SECTION_KEYS}

    def table2_manual(self) -> dict:
        manual: dict = {}
        for row, col in layout.table2_cells():
            value = (self.cleaned_data.get(t2_name(row, col)) or "").strip()
            if value:
                manual.setdefault(row, {})[col] = value
        return manual

    def table4(self) -> dict:
        return {
            row: {col: self.cleaned_data.get(t4_name(row, col)) for col in layout.TABLE4_COLUMNS}
            for row in layout.TABLE4_ROWS
        }

    def text_fields(self):
        return [self[f"text_{key}"] for key in layout.SECTION_KEYS]

    def table2_rows(self):
        return [
            (
                layout.TABLE2_ROW_LABELS[row],
                [(layout.TABLE2_COLUMN_LABELS[col], self[t2_name(row, col)]) for col in block.columns],
            )
            for block in layout.TABLE2_BLOCKS
            for row in block.rows
        ]

    def table4_rows(self):
        labels = {key: f"{group} {sub}".strip() for key, group, sub in layout.TABLE4_GROUPS}
        return [(labels[row], [self[t4_name(row, col)] for col in layout.TABLE4_COLUMNS]) for row in layout.TABLE4_ROWS]
