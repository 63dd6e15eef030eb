"""The frame of the apps' own Wagtail admin screens: title, header icon and breadcrumbs.

Every app screen outside Wagtail's generic views (records, catalogs, FOI requests) renders through
`render_admin_screen`, so that its header and its crumbs (Home › the app's section › … › this
screen) look alike in every app; an app names its section once (an index URL name and a label).
The approval screens of the kinds published with four eyes (service guides, annual reports, inquiry
answers, surveys, concern responses) share one shape, `review_screen`: not waiting → back with a note,
no permission → 403, then approve (with the confidentiality check) or return (with a reason).
"""

from __future__ import annotations

from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _


def admin_crumbs(section: tuple[str, str], *items: tuple[str, str]) -> list[dict]:
    """Home, the section (index URL name, label), then (url, label) items."""
    index_url_name, label = section
    base = [
        {"url": reverse("wagtailadmin_home"), "label": _("Home")},
        {"url": reverse(index_url_name), "label": label},
    ]
    return base + [{"url": url, "label": label} for url, label in items]


def render_admin_screen(
    request,
    template: str,
    title: str,
    context: dict,
    *,
    section: tuple[str, str],
    icon: str,
    crumbs=(),
    status: int = 200,
) -> TemplateResponse:
    """The screen with its title, header icon and crumbs ending at the title."""
    context.update(
        {
            "page_title": title,
            "header_title": title,
            "header_icon": icon,
            "breadcrumbs_items": admin_crumbs(section, *crumbs, ("", title)),
        }
    )
    return TemplateResponse(request, template, context, status=status)


def show_errors(request, exc) -> None:
    """Each message of a ValidationError as an error message on the screen."""
    from django.contrib import messages

    for message in exc.messages:
        messages.error(request, message)


def review_decision(request, form, *, approve, send_back, approved: str, returned: str) -> bool:
    """The approval screens' POST (four eyes): the "return" button sends the item back with the form's
    `reason`, any other approves it with the confidentiality check of the form. Errors become messages
    on the same screen. True when the decision was taken (the caller redirects)."""
    from django.contrib import messages
    from django.core.exceptions import PermissionDenied, ValidationError

    if request.method != "POST" or not form.is_valid():
        return False
    data = form.cleaned_data
    try:
        if "return" in request.POST:
            send_back(reason=data["reason"])
            messages.success(request, returned)
        else:
            approve(confidentiality_result=data["confidentiality_result"], notes=data["confidentiality_notes"])
            messages.success(request, approved)
    except ValidationError as exc:
        show_errors(request, exc)
        return False
    except PermissionDenied as exc:
        messages.error(request, str(exc))
        return False
    return True


def review_screen(
    request,
    *,
    waiting: bool,
    not_waiting: str,
    back: str,
    allowed: bool,
    approve,
    send_back,
    approved: str,
    returned: str,
    done: str,
    render,
    form_class=None,
):
    """An approval screen: when the item is not `waiting` for approval, back to `back` with the note
    `not_waiting`; without the permission (`allowed` False), 403; else the form (`ReviewDecisionForm`),
    and after a decision (`review_decision`) a redirect to `done`; otherwise `render(form)`."""
    from django.contrib import messages
    from django.core.exceptions import PermissionDenied
    from django.shortcuts import redirect

    from .forms import ReviewDecisionForm

    if not waiting:
        messages.info(request, not_waiting)
        return redirect(back)
    if not allowed:
        raise PermissionDenied
    form = (form_class or ReviewDecisionForm)(request.POST or None)
    if review_decision(request, form, approve=approve, send_back=send_back, approved=approved, returned=returned):
        return redirect(done)
    return render(form)
