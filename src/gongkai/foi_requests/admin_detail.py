"""The FOI request's detail screen in the Wagtail admin: the request, its clock, its register, its steps.

Personal data is masked until a handler of the bureau asks to see it (`personal_data`), and every
unmasked view, attachment download and receipt is written to the audit log
(`foi_requests.personal_data.viewed`). The step forms offered are those `available_actions` allows
(services/transitions.py); `act` runs one (admin_actions.py) and shows the form again with the
service's errors next to their fields when the step is refused.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.accounts import permissions
from gongkai.core import audit
from gongkai.core.messaging import mask_email, mask_phone

from . import admin_forms as forms
from .admin_actions import ACTIONS, EVENT_LABELS, notice_after, run
from .admin_views import UNSIGNED_POST_PROMPT, admin_calendar, form_errors, get_request, mask_name, render_screen
from .constants import OPEN_STATES, Channel, State
from .models import FoiRequest, RequestAttachment
from .rules import VIEW_PERSONAL_DATA
from .services import workflow
from .services.deadline import deadline_for
from .validation import mask_id_number

PERSONAL_DATA_VIEWED = "foi_requests.personal_data.viewed"


@require_POST
def act(request, pk, action):
    foi = get_request(request, pk)
    spec = ACTIONS.get(action)
    if spec is None:
        raise Http404
    form = spec.form(request.POST, request.FILES, foi=foi)
    status = 200
    if form.is_valid():
        try:
            run(action, foi, request.user, form.cleaned_data)
        except PermissionDenied as exc:
            form.add_error(None, str(exc) or _("You do not have permission to do this."))
            status = 403
        except ValidationError as exc:  # WorkflowError and the services' validation errors
            form_errors(form, exc)
        else:
            notice_after(spec, foi, form.cleaned_data, request)
            messages.success(request, _("Done: %(action)s.") % {"action": spec.label})
            return redirect(reverse("foi_admin:detail", args=[foi.pk]) + "#history")
    foi = get_request(request, pk)
    return _detail(request, foi, failed=(action, form), status=status)


def _personal(foi: FoiRequest, *, unmasked: bool) -> list[tuple[str, str]]:
    if unmasked:
        values = [
            (_("Applicant name"), foi.applicant_name),
            (_("ID document"), f"{foi.get_id_document_type_display()} {foi.id_document_number}"),
            (_("Contact person"), foi.contact_person),
            (_("Phone"), foi.phone),
            (_("Email"), foi.email),
            (_("Postal address"), " ".join(p for p in (foi.postal_code, foi.postal_address) if p)),
        ]
    else:
        values = [
            (_("Applicant name"), mask_name(foi.applicant_name)),
            (
                _("ID document"),
                f"{foi.get_id_document_type_display()} {mask_id_number(foi.id_document_type, foi.id_document_number)}",
            ),
            (_("Contact person"), mask_name(foi.contact_person)),
            (_("Phone"), mask_phone(foi.phone) if foi.phone else ""),
            (_("Email"), mask_email(foi.email) if foi.email else ""),
            (_("Postal address"), _("(hidden)") if foi.postal_address else ""),
        ]
    return [(label, value or "—") for label, value in values]


def _actions_for(foi: FoiRequest, user) -> list[str]:
    return [name for name in workflow.available_actions(foi, user) if name in ACTIONS]


def _detail(request, foi: FoiRequest, *, failed=None, unmasked: bool = False, status: int = 200):
    user = request.user
    today = timezone.localdate()
    calendar = admin_calendar(request, today)
    deadline = deadline_for(foi, today=today)
    due_on = deadline.due_on
    action_forms = []
    for name in _actions_for(foi, user):
        spec = ACTIONS[name]
        form = failed[1] if failed and failed[0] == name else spec.form(foi=foi)
        action_forms.append({"action": spec, "form": form, "failed": bool(failed and failed[0] == name)})
    if failed and failed[0] not in [a["action"].name for a in action_forms]:
        # The step is no longer offered (e.g. the state changed meanwhile): still show why it failed.
        spec = ACTIONS[failed[0]]
        action_forms.insert(0, {"action": spec, "form": failed[1], "failed": True})
    events = list(foi.events.select_related("actor").order_by("at", "pk"))
    for event in events:
        event.label = EVENT_LABELS.get(event.action, event.action)
        event.state_label = State(event.to_state).label if event.to_state in State.values else event.to_state
    days_left = calendar.count_working_days(today, due_on) if due_on and foi.state in OPEN_STATES else None
    media = forms.forms.Media()
    for item in action_forms:
        media += item["form"].media
    context = {
        "foi": foi,
        "today": today,
        "deadline": deadline,
        "due_on": due_on,
        "days_left": days_left,
        "overdue_by": max(1, -days_left) if days_left is not None and due_on < today else 0,
        "media": media,
        "personal": _personal(foi, unmasked=unmasked),
        "unmasked": unmasked,
        "can_view_personal": permissions.can(user, VIEW_PERSONAL_DATA, foi),
        "events": events,
        "supplement": getattr(foi, "supplement", None),
        "consultations": list(foi.consultations.all()),
        "extension": getattr(foi, "extension", None),
        "fee": getattr(foi, "fee_notice", None),
        "reply": getattr(foi, "reply", None),
        "attachments": list(foi.attachments.all()),
        "action_forms": action_forms,
        "needs_same_day_confirmation": foi.state == State.SUBMITTED and foi.channel == Channel.POST_UNSIGNED,
        "unsigned_post_prompt": str(UNSIGNED_POST_PROMPT),
        "awaiting_confirmation": foi.state == State.SUBMITTED,
    }
    return render_screen(request, "foi_requests/admin/detail.html", foi.tracking_number, context, status=status)


def detail(request, pk):
    return _detail(request, get_request(request, pk))


def _with_personal_data(request, pk) -> FoiRequest:
    """The request, for a screen or file showing the applicant's personal data: handlers of the bureau only."""
    foi = get_request(request, pk)
    if not permissions.can(request.user, VIEW_PERSONAL_DATA, foi):
        raise PermissionDenied
    return foi


def _audit_personal_data(request, foi: FoiRequest, what: str, **data) -> None:
    audit.record(
        PERSONAL_DATA_VIEWED,
        user=request.user,
        instance=foi,
        request=request,
        data={"tracking_number": foi.tracking_number, "what": what, **data},
    )


@require_POST
def personal_data(request, pk):
    """Show the applicant's personal data unmasked: handlers of the bureau only, each view audited."""
    foi = _with_personal_data(request, pk)
    _audit_personal_data(request, foi, "detail")
    return _detail(request, foi, unmasked=True)


def attachment(request, pk, attachment_pk):
    """Download a file of the request. Files carry personal data: handlers only, each download audited."""
    foi = _with_personal_data(request, pk)
    item = get_object_or_404(RequestAttachment, pk=attachment_pk, request=foi)
    _audit_personal_data(request, foi, "attachment", attachment=item.pk)
    response = FileResponse(item.file.open("rb"), as_attachment=True, filename=item.filename)
    response["Content-Type"] = item.content_type or "application/octet-stream"
    return response


def receipt(request, pk):
    """The applicant's receipt (回执) as PDF, to hand over or post for letters, faxes and visits. Audited."""
    from .receipt import render_receipt_pdf

    foi = _with_personal_data(request, pk)
    _audit_personal_data(request, foi, "receipt")
    response = HttpResponse(render_receipt_pdf(foi), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="receipt-{foi.tracking_number}.pdf"'
    return response
