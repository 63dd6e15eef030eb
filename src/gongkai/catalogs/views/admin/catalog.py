"""The catalog screen of one bureau: its item tree, problems, reviewer opinions and history, and the
workflow steps the editor takes from it (submit, resubmit, withdraw, publish, start a revision) —
offered only when workflow.py's table, the permission module and the four-eyes rule allow them.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.accounts import permissions

from ... import presentation, selectors, services, workflow
from ...constants import CatalogStatus, ItemSource
from ...forms import CommentForm, PublishForm
from ...validation import validate_items
from .common import _bureau, _catalog, _detail_url, _optional_url, _render, _show_errors

A = workflow.CatalogAction


def detail(request, code):
    bureau = _bureau(request, code)
    catalog = selectors.catalog_for_bureau(bureau)
    user = request.user
    can_change = permissions.can(user, "catalogs.change_catalog", bureau)
    context = {
        "bureau": bureau,
        "catalog": catalog,
        "row": selectors.status_row(bureau, catalog),
        "can_change": can_change,
        "can_review": permissions.can(user, "catalogs.review_catalog", bureau),
        "public_url": reverse("catalogs:catalog", kwargs={"code": bureau.code}),
        "import_url": _optional_url("catalogs:import", "catalog_interchange:import", code=bureau.code)
        if can_change
        else "",
        "unverified_label": presentation.unverified_label(),
        "sources": ItemSource.choices,
    }
    if catalog is not None:
        items = selectors.active_items(catalog)
        data = [selectors.item_to_data(i) for i in items]
        returned = (
            selectors.latest_returned_version(catalog)
            if catalog.status
            in (
                CatalogStatus.RETURNED,
                CatalogStatus.RESUBMITTED,
            )
            else None
        )
        opinions = selectors.opinions_by_key(returned)
        views = presentation.item_views(data)
        for view in views:
            view.opinions = opinions.get(view.data.key, [])
        problems = validate_items(data) if catalog.is_editable else []
        editable = catalog.is_editable and can_change
        moves = [
            action
            for action in catalog.allowed_actions()
            if action not in (A.RETURN, A.APPROVE)
            and permissions.can(user, workflow.ACTION_PERMISSIONS[action], catalog)
            and (action != A.PUBLISH or services.may_publish(user, catalog))
        ]
        return_event = (
            catalog.events.filter(action=A.RETURN, version=returned).order_by("-at").first() if returned else None
        )
        context.update(
            {
                "tree": presentation.tree(views),
                "item_count": len(views),
                "problems": [
                    {
                        "name": views[e.index].name if e.index < len(views) else "",
                        "anchor": views[e.index].anchor if e.index < len(views) else "",
                        "error": e,
                    }
                    for e in problems
                ],
                "editable": editable,
                "moves": [{"action": m, "label": A(m).label} for m in moves],
                "returned": returned,
                "return_event": return_event,
                "orphan_opinions": [
                    o for key, ops in opinions.items() if key not in {v.data.key for v in views} for o in ops
                ],
                "events": list(selectors.events(catalog)[:20]),
                "comment_form": CommentForm(),
                "publish_form": PublishForm(),
            }
        )
    return _render(
        request, "catalogs/admin/detail.html", str(_("Catalog of %(bureau)s") % {"bureau": bureau.name}), context
    )


@require_POST
def move(request, code, action):
    """A workflow step the editor takes (submit, resubmit, withdraw, publish, start a revision)."""
    bureau = _bureau(request, code)
    catalog = _catalog(bureau)
    if action == A.SUBMIT and catalog.status == CatalogStatus.RETURNED:
        action = A.RESUBMIT
    service = services.WORKFLOW_SERVICES.get(action)
    if service is None:
        raise Http404
    form = (PublishForm if action == A.PUBLISH else CommentForm)(request.POST)
    form.is_valid()
    data = form.cleaned_data
    extra = {}
    if action == A.PUBLISH:
        extra = {
            "confidentiality_result": data.get("confidentiality_result", ""),
            "notes": data.get("confidentiality_notes", ""),
        }
    try:
        service(catalog=catalog, acting_user=request.user, comment=data.get("comment", ""), **extra)
    except ValidationError as exc:
        _show_errors(request, exc, selectors.working_items_data(catalog))
    else:
        messages.success(request, _("Done: %(action)s.") % {"action": A(action).label})
    return redirect(_detail_url(bureau))
