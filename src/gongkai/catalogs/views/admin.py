"""Staff screens of the standard catalogs in the Wagtail admin (thin: forms → services).

Every screen asks the permission module: a catalog the user may not see is a 404 (a county
editor never learns that another county's catalog exists); a move the user may not make is
refused by the service (403).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.accounts import permissions
from gongkai.organizations.models import Bureau

from .. import presentation, rendering, selectors, services, workflow
from ..constants import CatalogStatus, ItemSource
from ..diff import diff_items
from ..forms import CommentForm, ItemForm, ReviewForm
from ..guidelines import current_guidelines
from ..models import Campaign, Catalog, CatalogItem, CatalogVersion
from ..validation import validate_items

A = workflow.CatalogAction


# Helpers ------------------------------------------------------------------------------------


def _bureau(request, code: str) -> Bureau:
    """The bureau whose catalog the user may see, else 404."""
    bureau = get_object_or_404(Bureau.objects.disclosing().filter(kind__in=selectors.COMPILING_KINDS), code=code)
    if not permissions.can(request.user, "catalogs.view_catalog", bureau):
        raise Http404
    return bureau


def _catalog(bureau: Bureau) -> Catalog:
    catalog = selectors.catalog_for_bureau(bureau)
    if catalog is None:
        raise Http404
    return catalog


def _crumbs(*items) -> list[dict]:
    base = [
        {"url": reverse("wagtailadmin_home"), "label": _("Home")},
        {"url": reverse("catalogs_admin:index"), "label": _("Standard catalogs")},
    ]
    return base + [{"url": url, "label": label} for url, label in items]


def _render(request, template: str, title: str, context: dict, crumbs=()) -> TemplateResponse:
    context.update(
        {
            "page_title": title,
            "header_title": title,
            "header_icon": "list-ul",
            "breadcrumbs_items": _crumbs(*crumbs, ("", title)),
        }
    )
    return TemplateResponse(request, template, context)


def _show_errors(request, exc: ValidationError, items=None) -> None:
    item_errors = getattr(exc, "item_errors", None)
    if item_errors:
        for error in item_errors[:20]:
            name = ""
            if items is not None and 0 <= error.index < len(items):
                name = " / ".join(p for p in (items[error.index].level1, items[error.index].level2) if p)
            messages.error(request, f"{name}: {error.message}" if name else error.message)
        if len(item_errors) > 20:
            messages.error(request, _("… and %(n)s more problems.") % {"n": len(item_errors) - 20})
    else:
        for message in exc.messages:
            messages.error(request, message)


def _detail_url(bureau: Bureau) -> str:
    return reverse("catalogs_admin:detail", kwargs={"code": bureau.code})


def _optional_url(*names: str, **kwargs) -> str:
    """The first of `names` that resolves (URLs of packages that may not be installed), else ""."""
    for name in names:
        try:
            return reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            continue
    return ""


# Overview -----------------------------------------------------------------------------------


def index(request):
    """Every catalog the user may see, with status and lateness (the city's view of the county's)."""
    if not permissions.can(request.user, "catalogs.view_catalog"):
        raise PermissionDenied
    bureaus = selectors.bureaus_visible_to(request.user)
    rows = selectors.status_rows(bureaus)
    if len(rows) == 1 and permissions.can(request.user, "catalogs.change_catalog", rows[0].bureau):
        return redirect(_detail_url(rows[0].bureau))
    return _render(
        request,
        "catalogs/admin/index.html",
        _("Standard catalogs"),
        {
            "rows": rows,
            "queue": list(selectors.review_queue(request.user)),
            "late_count": sum(1 for r in rows if r.is_late),
            "campaigns": list(
                permissions.scope(request.user, "catalogs.manage_campaign", Campaign.objects.filter(is_active=True))
            ),
        },
    )


@require_POST
def campaign_assign(request, pk):
    """The city supervisor puts every catalog of the city's bureaus under a campaign."""
    campaign = get_object_or_404(Campaign, pk=pk)
    try:
        count = services.campaign_assign(campaign=campaign, acting_user=request.user)
    except ValidationError as exc:
        _show_errors(request, exc)
    else:
        messages.success(
            request, _("%(n)s catalogs now follow “%(campaign)s”.") % {"n": count, "campaign": campaign.name}
        )
    return redirect(reverse("catalogs_admin:index"))


def queue(request):
    """The government reviewer's queue: catalogs waiting for a decision."""
    if not permissions.can(request.user, "catalogs.review_catalog"):
        raise PermissionDenied
    return _render(
        request,
        "catalogs/admin/queue.html",
        _("Catalogs to review"),
        {"queue": list(selectors.review_queue(request.user))},
    )


# The catalog --------------------------------------------------------------------------------


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
    form = CommentForm(request.POST)
    form.is_valid()
    try:
        service(catalog=catalog, acting_user=request.user, comment=form.cleaned_data.get("comment", ""))
    except ValidationError as exc:
        _show_errors(request, exc, selectors.working_items_data(catalog))
    else:
        messages.success(request, _("Done: %(action)s.") % {"action": A(action).label})
    return redirect(_detail_url(bureau))


def adopt(request, code):
    """Create the catalog from the guideline catalogs, or adopt more guideline rows."""
    bureau = _bureau(request, code)
    if not permissions.can(request.user, "catalogs.change_catalog", bureau):
        raise PermissionDenied
    catalog = selectors.catalog_for_bureau(bureau)
    present = set()
    if catalog is not None:
        present = {(i.domain, i.level1, i.level2, i.level3 or "") for i in selectors.active_items(catalog)}
    if request.method == "POST":
        ids = request.POST.getlist("rows")
        if not ids:
            messages.error(request, _("Choose at least one guideline row."))
        else:
            try:
                services.catalog_create_from_guideline(bureau=bureau, acting_user=request.user, guideline_item_ids=ids)
            except ValidationError as exc:
                _show_errors(request, exc)
            else:
                messages.success(request, _("The chosen guideline rows were added to the catalog."))
                return redirect(_detail_url(bureau))
    guidelines = []
    for guideline in current_guidelines():
        rows = []
        for row in guideline.items.all():
            row.present = (guideline.domain, row.level1, row.level2, row.level3 or "") in present
            rows.append(row)
        guidelines.append({"guideline": guideline, "rows": rows})
    return _render(
        request,
        "catalogs/admin/adopt.html",
        _("Adopt guideline rows"),
        {"bureau": bureau, "guidelines": guidelines, "unverified_label": presentation.unverified_label()},
        crumbs=[(_detail_url(bureau), bureau.short_name)],
    )


def item_add(request, code):
    bureau = _bureau(request, code)
    if not permissions.can(request.user, "catalogs.change_catalog", bureau):
        raise PermissionDenied
    source = request.GET.get("source") or ItemSource.LOCAL
    if source not in ItemSource.values:
        source = ItemSource.LOCAL
    form = ItemForm(
        request.POST or None,
        initial={
            "source": source,
            "responsible_body": bureau.name,
            "mode": ["proactive"],
            "audience": ["public"],
            "levels": ["county"],
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            catalog = services.catalog_get_or_create(bureau=bureau, acting_user=request.user)
            item = services.catalog_item_add(catalog=catalog, data=form.to_data(), acting_user=request.user)
        except services.ItemsInvalid as exc:
            form.add_item_errors(exc)
        except ValidationError as exc:
            _show_errors(request, exc)
        else:
            messages.success(request, _("The item was added."))
            return redirect(_detail_url(bureau) + f"#item-{item.key}")
    return _render(
        request,
        "catalogs/admin/item_form.html",
        _("Add an item"),
        {"bureau": bureau, "form": form},
        crumbs=[(_detail_url(bureau), bureau.short_name)],
    )


def _item(bureau, key) -> CatalogItem:
    return get_object_or_404(CatalogItem, catalog__bureau=bureau, key=key, removed_at__isnull=True)


def item_edit(request, code, key):
    bureau = _bureau(request, code)
    item = _item(bureau, key)
    if not permissions.can(request.user, "catalogs.change_catalog", item):
        raise PermissionDenied
    current = selectors.item_to_data(item)
    form = ItemForm(request.POST or None, initial=ItemForm.initial_from(current))
    if request.method == "POST" and form.is_valid():
        try:
            services.catalog_item_update(
                item=item, data=form.to_data(key=current.key, extra=current.extra), acting_user=request.user
            )
        except services.ItemsInvalid as exc:
            form.add_item_errors(exc)
        except ValidationError as exc:
            _show_errors(request, exc)
        else:
            messages.success(request, _("The item was saved."))
            return redirect(_detail_url(bureau) + f"#item-{item.key}")
    opinions = []
    returned = (
        selectors.latest_returned_version(item.catalog) if item.catalog.status == CatalogStatus.RETURNED else None
    )
    if returned:
        opinions = selectors.opinions_by_key(returned).get(str(item.key), [])
    return _render(
        request,
        "catalogs/admin/item_form.html",
        _("Edit an item"),
        {
            "bureau": bureau,
            "form": form,
            "item": item,
            "opinions": opinions,
            "unverified": presentation.is_unverified(current),
            "unverified_label": presentation.unverified_label(),
        },
        crumbs=[(_detail_url(bureau), bureau.short_name)],
    )


def item_remove(request, code, key):
    bureau = _bureau(request, code)
    item = _item(bureau, key)
    if not permissions.can(request.user, "catalogs.change_catalog", item):
        raise PermissionDenied
    if request.method == "POST":
        try:
            services.catalog_item_remove(item=item, acting_user=request.user)
        except ValidationError as exc:
            _show_errors(request, exc)
        else:
            messages.success(request, _("The item was removed from the catalog."))
        return redirect(_detail_url(bureau))
    return _render(
        request,
        "catalogs/admin/item_remove.html",
        _("Remove an item"),
        {"bureau": bureau, "item": item},
        crumbs=[(_detail_url(bureau), bureau.short_name)],
    )


@require_POST
def item_move(request, code, key, direction):
    bureau = _bureau(request, code)
    item = _item(bureau, key)
    offset = {"up": -1, "down": 1}.get(direction)
    if offset is None:
        raise Http404
    try:
        services.catalog_item_move(item=item, offset=offset, acting_user=request.user)
    except ValidationError as exc:
        _show_errors(request, exc)
    return redirect(_detail_url(bureau) + f"#item-{item.key}")


# Review -------------------------------------------------------------------------------------


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
        },
        crumbs=[(_detail_url(bureau), bureau.short_name)],
    )


# Versions -----------------------------------------------------------------------------------


def versions(request, code):
    bureau = _bureau(request, code)
    catalog = _catalog(bureau)
    all_versions = list(catalog.versions.defer("items").select_related("created_by").order_by("-number"))
    return _render(
        request,
        "catalogs/admin/versions.html",
        _("Versions and history"),
        {"bureau": bureau, "catalog": catalog, "versions": all_versions, "events": list(selectors.events(catalog))},
        crumbs=[(_detail_url(bureau), bureau.short_name)],
    )


def version_detail(request, code, number):
    bureau = _bureau(request, code)
    catalog = _catalog(bureau)
    version = get_object_or_404(CatalogVersion, catalog=catalog, number=number)
    opinions = selectors.opinions_by_key(version)
    views = presentation.item_views(version.items)
    for view in views:
        view.opinions = opinions.get(view.data.key, [])
    previous = selectors.previous_version(version)
    return _render(
        request,
        "catalogs/admin/version.html",
        str(_("Version %(n)s") % {"n": version.number}),
        {
            "bureau": bureau,
            "version": version,
            "previous": previous,
            "tree": presentation.tree(views),
            "events": list(version.events.select_related("actor").order_by("at")),
            "unverified_label": presentation.unverified_label(),
            "downloads": rendering.download_links(bureau, version, current=False) if version.is_published else [],
        },
        crumbs=[
            (_detail_url(bureau), bureau.short_name),
            (reverse("catalogs_admin:versions", kwargs={"code": code}), _("Versions")),
        ],
    )


def compare(request, code, a, b):
    bureau = _bureau(request, code)
    catalog = _catalog(bureau)
    old = get_object_or_404(CatalogVersion, catalog=catalog, number=a)
    new = get_object_or_404(CatalogVersion, catalog=catalog, number=b)
    result = diff_items(old.items, new.items)
    changed = [
        {
            "name": presentation.ItemView(c.new).name,
            "rows": [
                {
                    "label": presentation.ELEMENT_LABELS[e.element],
                    "old": presentation.element_text(e.element, e.old),
                    "new": presentation.element_text(e.element, e.new),
                }
                for e in c.changes
            ],
        }
        for c in result.changed
    ]
    return _render(
        request,
        "catalogs/admin/compare.html",
        str(_("Version %(a)s compared with version %(b)s") % {"a": a, "b": b}),
        {
            "bureau": bureau,
            "old": old,
            "new": new,
            "diff": result,
            "changed": changed,
            "added": presentation.item_views(result.added),
            "removed": presentation.item_views(result.removed),
        },
        crumbs=[
            (_detail_url(bureau), bureau.short_name),
            (reverse("catalogs_admin:versions", kwargs={"code": code}), _("Versions")),
        ],
    )
