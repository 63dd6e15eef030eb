"""Staff screens of the yearly catalog of major administrative decisions (重大行政决策目录): creating a
catalog, adding its matters, the Party committee's agreement and linking a matter to its decision record.
The rules are in `services/decisions.py`.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from gongkai.accounts import permissions
from gongkai.core.admin_screens import show_errors

from .. import admin_forms, models, selectors
from ..actions import CHANGE
from ..services import decisions
from .base import bureaus, get, render


def catalog_create(request):
    form = admin_forms.CatalogForm(request.POST or None, bureaus=bureaus(request))
    if request.method == "POST" and form.is_valid():
        try:
            catalog = decisions.catalog_create(**form.cleaned_data, acting_user=request.user, request=request)
        except ValidationError as exc:
            show_errors(request, exc)
        else:
            return redirect("participation_admin:catalog", pk=catalog.pk)
    return render(request, "participation/admin/form.html", _("New decision catalog"), {"form": form})


def catalog_detail(request, pk: int):
    catalog = get(request, models.DecisionCatalog, pk)
    form = admin_forms.MatterForm(request.POST or None, prefix="matter")
    party = admin_forms.PartyForm(
        request.POST or None, prefix="party", initial={"party_agreed_on": catalog.party_agreed_on}
    )
    link = admin_forms.RecordLinkForm(request.POST or None, prefix="link", catalog=catalog)
    if request.method == "POST":
        try:
            if "link" in request.POST and link.is_valid():
                record = selectors.record_by_index_number(catalog.bureau, link.cleaned_data["record"])
                if record is None:
                    raise ValidationError(_("No published record of this bureau has this index number."))
                decisions.matter_link_record(
                    matter=link.cleaned_data["matter"], record=record, acting_user=request.user, request=request
                )
                return redirect("participation_admin:catalog", pk=catalog.pk)
            if "party" in request.POST and party.is_valid():
                decisions.catalog_set_party_agreement(
                    catalog=catalog,
                    agreed_on=party.cleaned_data["party_agreed_on"],
                    acting_user=request.user,
                    request=request,
                )
                return redirect("participation_admin:catalog", pk=catalog.pk)
            if "matter" in request.POST and form.is_valid():
                decisions.matter_save(
                    catalog=catalog, fields=form.cleaned_data, acting_user=request.user, request=request
                )
                return redirect("participation_admin:catalog", pk=catalog.pk)
        except ValidationError as exc:
            show_errors(request, exc)
    return render(
        request,
        "participation/admin/catalog.html",
        _("Major decision catalog %(year)s: %(bureau)s") % {"year": catalog.year, "bureau": catalog.bureau.name},
        {
            "catalog": catalog,
            "matters": catalog.matters.all(),
            "procedures": models.PROCEDURES,
            "form": form,
            "party": party,
            "link": link,
            "may_change": permissions.can(request.user, CHANGE, catalog),
        },
    )
