"""The government reviewer's screen: the submitted version compared with the previous one, per-item
opinions, and the decision (return or approve).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from gongkai.accounts import permissions

from ... import presentation, selectors, services, workflow
from ...coverage import coverage_for
from ...diff import diff_items
from ...forms import ReviewForm
from .common import _bureau, _catalog, _detail_url, _render, _show_errors

A = workflow.CatalogAction


def review(request, code):
    """The government reviewer's screen: the diff against the last submission, opinions, decision."""
    bureau = _bureau(request, code)
    if not permissions.can(request.user, "catalogs.review_catalog", bureau):
        raise PermissionDenied
    catalog = _catalog(bureau)
    version = selectors.review_version(catalog)
    if version is None:
        messages.info(request, _("This catalog is not waiting for review."))
        return redirect(_detail_url(bureau))
    views = presentation.item_views(version.items)
    form = ReviewForm(request.POST or None, item_keys=[v.data.key for v in views])
    if request.method == "POST" and form.is_valid():
        decision = request.POST.get("decision")
        try:
            if decision == "approve":
                services.catalog_approve(
                    catalog=catalog, acting_user=request.user, comment=form.cleaned_data["comment"]
                )
                messages.success(request, _("The catalog was approved. The bureau can now publish it."))
            elif decision == "return":
                services.catalog_return(
                    catalog=catalog,
                    acting_user=request.user,
                    comment=form.cleaned_data["comment"],
                    opinions=form.opinions(),
                )
                messages.success(request, _("The catalog was returned to the bureau with your opinions."))
            else:
                raise ValidationError(_("Choose to return or to approve."), code="no_decision")
        except ValidationError as exc:
            _show_errors(request, exc)
        else:
            return redirect(
                reverse("catalogs_admin:queue")
                if permissions.can(request.user, "catalogs.review_catalog")
                else _detail_url(bureau)
            )
    previous = selectors.previous_version(version)
    result = diff_items(previous.items if previous else [], version.items)
    changed = {c.key: c for c in result.changed}
    added = {i.key for i in result.added}
    for view in views:
        view.change = changed.get(view.data.key)
        view.is_added = view.data.key in added
        view.opinion_field = form.opinion_field(view.data.key)
        view.change_rows = [
            {
                "label": presentation.ELEMENT_LABELS[c.element],
                "old": presentation.element_text(c.element, c.old),
                "new": presentation.element_text(c.element, c.new),
            }
            for c in (view.change.changes if view.change else [])
        ]
    submit_event = catalog.events.filter(version=version, action__in=[A.SUBMIT, A.RESUBMIT]).order_by("-at").first()
    return _render(
        request,
        "catalogs/admin/review.html",
        str(_("Review: %(bureau)s, version %(n)s") % {"bureau": bureau.name, "n": version.number}),
        {
            "bureau": bureau,
            "catalog": catalog,
            "version": version,
            "previous": previous,
            "diff": result,
            "removed": presentation.item_views(result.removed),
            "tree": presentation.tree(views),
            "form": form,
            "submit_event": submit_event,
            "earlier_opinions": list(previous.opinions.all()) if previous else [],
            "row": selectors.status_row(bureau, catalog),
            "coverage": coverage_for(bureau),
        },
        crumbs=[(_detail_url(bureau), bureau.short_name)],
    )
