"""The kiosk: look up disclosed information, file an FOI request, ask a question (docs/kiosk.md).

No staff login: every page is public and per visitor (`Cache-Control: private, no-store`). What a visitor
typed or filed lives in the browser session only until the kiosk resets (`/kiosk/?reset=1`, which the
idle timer of kiosk.js calls): the reset flushes the session.
"""

from __future__ import annotations

from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods, require_safe

from gongkai.catalogs.models import CatalogItem
from gongkai.core.audit import client_ip
from gongkai.foi_requests.constants import Channel
from gongkai.foi_requests.models import FoiRequest
from gongkai.foi_requests.receipt import state_line
from gongkai.foi_requests.services import intake
from gongkai.foi_requests.services.submission_limit import RateLimited
from gongkai.organizations.models import Bureau
from gongkai.portal.responses import render_private_page
from gongkai.records import indexing
from gongkai.records import selectors as record_selectors
from gongkai.records.catalog_access import publishable_items
from gongkai.records.constants import RecordStatus
from gongkai.records.models import Record

from .forms import APPLY_GROUPS, AskForm, KioskApplyForm
from .keywords import KEYWORDS

RECEIPTS_SESSION_KEY = "kiosk_receipts"  # FOI requests filed in this kiosk session (until the reset)
ASKED_SESSION_KEY = "kiosk_asked"  # the question just sent (its notice), until the reset
PAGE_SIZE = 10
INQUIRIES_APP = "gongkai.inquiries"


def idle_seconds() -> int:
    return int(settings.GONGKAI.get("KIOSK_IDLE_SECONDS", 120))


def _render(request, template, context, *, url_name, url_kwargs=None, status=200):
    context = {"idle_seconds": idle_seconds(), "keywords": KEYWORDS, **context}
    return render_private_page(request, template, context, url_name=url_name, url_kwargs=url_kwargs, status=status)


def _bureaus():
    return list(Bureau.objects.disclosing().order_by("sort_order", "code"))


def _bureau_or_404(code) -> Bureau:
    bureau = Bureau.objects.disclosing().filter(code=code).first()
    if bureau is None:
        raise Http404
    return bureau


def _page(request) -> int:
    try:
        return max(int(request.GET.get("page", 1)), 1)
    except ValueError:
        return 1


@require_safe
def start(request):
    if "reset" in request.GET:
        request.session.flush()  # the idle reset: nothing typed or filed stays behind
        return redirect("kiosk:start")
    return _render(request, "kiosk/start.html", {"at_start": True}, url_name="kiosk:start")


# --- look up disclosed information -------------------------------------------------------------------


@require_safe
def search(request):
    q = (request.GET.get("q") or "").strip()[:100]
    page = _page(request)
    result, records = None, []
    if q:
        result = indexing.search(q, page=page, page_size=PAGE_SIZE)
        by_id = Record.objects.published().select_related("bureau").in_bulk(result.ids)
        records = [by_id[pk] for pk in result.ids if pk in by_id]
        for record in records:
            record.snippet = indexing.result_snippet(record, q)
    return _render(
        request,
        "kiosk/search.html",
        {
            "q": q,
            "result": result,
            "records": records,
            "page": page,
            "has_next": bool(result) and page * PAGE_SIZE < result.total,
        },
        url_name="kiosk:search",
    )


@require_safe
def browse(request):
    return _render(request, "kiosk/browse.html", {"bureaus": _bureaus()}, url_name="kiosk:browse")


@require_safe
def browse_bureau(request, code):
    bureau = _bureau_or_404(code)
    counts = record_selectors.records_count_by_item(bureau)
    groups: dict[str, list] = {}
    for item in publishable_items(bureau).order_by("position", "pk"):
        item.record_count = counts.get(item.pk, 0)
        groups.setdefault(item.level1, []).append(item)
    return _render(
        request,
        "kiosk/browse_bureau.html",
        {"bureau": bureau, "groups": list(groups.items())},
        url_name="kiosk:browse_bureau",
        url_kwargs={"code": code},
    )


@require_safe
def browse_item(request, code, key):
    bureau = _bureau_or_404(code)
    try:
        item = publishable_items(bureau).get(key=key)
    except CatalogItem.DoesNotExist as exc:
        raise Http404 from exc
    page = record_selectors.record_page_public(
        record_selectors.record_list_public(bureau=bureau, catalog_item=item), _page(request), PAGE_SIZE
    )
    return _render(
        request,
        "kiosk/browse_item.html",
        {"bureau": bureau, "item": item, "page": page},
        url_name="kiosk:browse_item",
        url_kwargs={"code": code, "key": key},
    )


@require_safe
def record(request, uuid):
    found = Record.objects.published().select_related("bureau", "catalog_item").filter(uuid=uuid).first()
    if found is None or found.status != RecordStatus.PUBLISHED:
        raise Http404
    return _render(request, "kiosk/record.html", {"record": found}, url_name="kiosk:record", url_kwargs={"uuid": uuid})


# --- file an FOI request -----------------------------------------------------------------------------


@require_safe
def apply_choose(request):
    return _render(request, "kiosk/apply_choose.html", {"bureaus": _bureaus()}, url_name="kiosk:apply")


@require_http_methods(["GET", "HEAD", "POST"])
def apply(request, code):
    bureau = _bureau_or_404(code)
    limited = False
    if request.method == "POST":
        form = KioskApplyForm(request.POST)
        if form.is_valid():
            try:
                # The kiosk channel (Art. 31: a data message, received once staff confirm it, as on the web
                # form). The per-address limit counts the kiosk's address.
                foi, _created = intake.submit_request(
                    bureau=bureau,
                    data=form.submission(),
                    channel=Channel.KIOSK,
                    client_token=form.cleaned_data.get("client_token"),
                    ip=client_ip(request),
                )
            except RateLimited:  # a ValidationError: caught first
                limited = True
            except ValidationError as exc:
                form.add_service_error(exc)
            else:
                filed = [u for u in request.session.get(RECEIPTS_SESSION_KEY, []) if u != str(foi.uuid)]
                request.session[RECEIPTS_SESSION_KEY] = [*filed[-4:], str(foi.uuid)]
                return redirect("kiosk:receipt", uuid=foi.uuid)
    else:
        form = KioskApplyForm()
    groups = [(title, [form[name] for name in names]) for title, names in APPLY_GROUPS]
    return _render(
        request,
        "kiosk/apply.html",
        {"bureau": bureau, "form": form, "groups": groups, "limited": limited},
        url_name="kiosk:apply_bureau",
        url_kwargs={"code": code},
        status=400 if form.errors or limited else 200,
    )


@require_safe
def receipt(request, uuid):
    if str(uuid) not in request.session.get(RECEIPTS_SESSION_KEY, []):
        return redirect("kiosk:start")  # after the reset, or another visitor's: nothing to show
    foi = FoiRequest.objects.select_related("bureau").get(uuid=uuid)
    return _render(
        request,
        "kiosk/receipt.html",
        {"foi": foi, "bureau": foi.bureau, "state_line": state_line(foi)},
        url_name="kiosk:receipt",
        url_kwargs={"uuid": uuid},
    )


# --- ask a question ----------------------------------------------------------------------------------


def inquiries_available() -> bool:
    return apps.is_installed(INQUIRIES_APP)


def _submit_inquiry(**kwargs):
    # gongkai.inquiries (政民互动) is optional: imported by name only when installed (docs/kiosk.md).
    return import_module(f"{INQUIRIES_APP}.services").submit_inquiry(**kwargs)


@require_http_methods(["GET", "HEAD", "POST"])
def ask(request):
    bureaus = _bureaus()
    if not inquiries_available():
        return _render(request, "kiosk/contacts.html", {"bureaus": bureaus}, url_name="kiosk:ask")
    if request.method == "POST":
        form = AskForm(request.POST, bureaus=bureaus)
        if form.is_valid():
            data = form.cleaned_data
            bureau = next(b for b in bureaus if b.code == data["bureau"])
            try:
                inquiry = _submit_inquiry(
                    bureau=bureau,
                    name=data["name"],
                    contact=data["contact"],
                    subject=data["subject"],
                    body=data["body"],
                    consent_publish=data["consent_publish"],
                    channel="kiosk",
                    request=request,
                )
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    for field, errors in exc.error_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error(None, exc)
            else:
                request.session[ASKED_SESSION_KEY] = {
                    "bureau": bureau.name,
                    "subject": data["subject"],
                    "number": str(getattr(inquiry, "tracking_number", "") or getattr(inquiry, "number", "") or ""),
                }
                return redirect("kiosk:ask_sent")
    else:
        form = AskForm(bureaus=bureaus)
    return _render(request, "kiosk/ask.html", {"form": form}, url_name="kiosk:ask", status=400 if form.errors else 200)


@require_safe
def ask_sent(request):
    sent = request.session.get(ASKED_SESSION_KEY)
    if not sent:
        return redirect("kiosk:start")
    context = {"sent": sent, "subject_label": AskForm.base_fields["subject"].label}
    return _render(request, "kiosk/ask_sent.html", context, url_name="kiosk:ask_sent")
