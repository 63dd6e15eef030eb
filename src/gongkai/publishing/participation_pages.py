"""The public-participation pages of the published portal (issue 14) and what re-renders them.

Published, in every language, for each disclosing bureau:

| page | URL | keys |
|---|---|---|
| participation overview (catalogs, consultations, hearings) | `/b/<code>/participation/` | `participation:<code>` |
| decision catalog of a year | `/b/<code>/participation/decisions/<year>/` | `participation:<code>` |
| a consultation (counts, published comments, link to the summary) | `…/consultations/<uid>/` | `consultation:<pk>` |
| its adoption summary (once published) | `…/consultations/<uid>/adoption/` | `consultation:<pk>` |
| a hearing (announcement, participant list, minutes) | `…/hearings/<uid>/` | `hearing:<pk>` |
| the surveys (with response counts), a survey's results and charts | `/b/<code>/surveys/`, `…/<pk>/results/` | `surveys:<code>`, `survey:<pk>` |
| published inquiries by topic, one of them | `/b/<code>/inquiries/`, `…/<pk>/` | `inquiries:<code>`, `inquiry:<pk>` |
| responses to public concerns | `/b/<code>/concerns/` | `concerns:<code>` |
| the comment form of a consultation (open: the form; else the notice) | `…/consultations/<uid>/comment/` | `consultation-form:<pk>`, `today` |

The comment form is published for its first visitors (core.form_pages: nginx puts a fresh `client_token`
in with SSI, its POST always goes to the app, which refuses a closed consultation); its key is not the
consultation's, so a new comment does not re-render it. The other per-visitor pages stay with the app
(nginx passes them on): the comment's receipt, the hearing's registration form, the survey form, the
inquiry form, submission page and tracking.

`keys_for_event` turns the audit events of these apps into keys; `specs_for_keys` finds the pages of
those keys from the database (a page published for the first time is not in the map yet); the pages that
disappear (an unpublished inquiry) are found in the map and removed. A page whose content depends on the
day (a consultation's phase, whether registration or a survey is open) also carries `today`:
`publish_site --today` re-renders exactly those (run it once a day, after midnight).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from gongkai.concerns.models import ConcernResponse
from gongkai.inquiries import selectors as inquiry_selectors
from gongkai.inquiries.models import Inquiry
from gongkai.organizations.models import Bureau
from gongkai.participation import models as p
from gongkai.participation import selectors as participation_selectors
from gongkai.surveys import selectors as survey_selectors

# One page: (URL name, its arguments, its keys, its bureau); `pages` makes `_Page`s of them.
Row = tuple[str, dict, tuple[str, ...], str]

TODAY = "today"  # pages that show something relative to today's date

PREFIXES = (
    "participation:",
    "consultation:",
    "consultation-form:",
    "hearing:",
    "surveys:",
    "survey:",
    "inquiries:",
    "inquiry:",
    "concerns:",
)


def _page(name: str, kwargs: dict, deps: tuple[str, ...], code: str) -> Row:
    return (name, kwargs, deps, code)


def bureau_pages(bureau: Bureau) -> Iterator[Row]:
    """Every published participation page of `bureau`."""
    code = bureau.code
    yield from _overview(code, bureau)
    for pk, uid in participation_selectors.consultations_public(bureau).values_list("pk", "uid"):
        yield from _consultation(code, pk, uid)
        yield _comment_form(code, pk, uid)
    for pk, uid in p.Hearing.objects.filter(bureau=bureau, published_at__isnull=False).values_list("pk", "uid"):
        yield _hearing(code, pk, uid)
    yield _page("surveys:list", {"code": code}, (f"bureau:{code}", f"surveys:{code}", TODAY), code)
    for pk in survey_selectors.published(bureau).values_list("pk", flat=True):
        yield _survey(code, pk)
    yield _page("inquiries:list", {"code": code}, (f"bureau:{code}", f"inquiries:{code}"), code)
    for pk in inquiry_selectors.published(bureau).values_list("pk", flat=True):
        yield _inquiry(code, pk)
    yield _page("concerns:list", {"code": code}, (f"bureau:{code}", f"concerns:{code}"), code)


def _overview(code: str, bureau: Bureau) -> Iterator[Row]:
    deps = (f"bureau:{code}", f"participation:{code}")
    yield _page("participation:index", {"code": code}, (*deps, TODAY), code)
    for year in participation_selectors.catalogs_public(bureau).values_list("year", flat=True).distinct():
        yield _page("participation:catalog", {"code": code, "year": year}, deps, code)


def _consultation(code: str, pk: int, uid) -> Iterator[Row]:
    deps = (f"bureau:{code}", f"consultation:{pk}")
    kwargs = {"code": code, "uid": uid}
    yield _page("participation:consultation", kwargs, (*deps, TODAY), code)
    if p.AdoptionSummary.objects.filter(consultation_id=pk, published_at__isnull=False).exists():
        yield _page("participation:summary", kwargs, deps, code)


def _comment_form(code: str, pk: int, uid) -> Row:
    deps = (f"bureau:{code}", f"consultation-form:{pk}", TODAY)
    return _page("participation:comment", {"code": code, "uid": uid}, deps, code)


def _hearing(code: str, pk: int, uid) -> Row:
    return _page("participation:hearing", {"code": code, "uid": uid}, (f"bureau:{code}", f"hearing:{pk}", TODAY), code)


def _survey(code: str, pk: int) -> Row:
    return _page("surveys:results", {"code": code, "pk": pk}, (f"bureau:{code}", f"survey:{pk}"), code)


def _inquiry(code: str, pk: int) -> Row:
    return _page("inquiries:detail", {"code": code, "pk": pk}, (f"bureau:{code}", f"inquiry:{pk}"), code)


def _ids(keys: set[str], prefix: str) -> set[int]:
    return {int(k.split(":", 1)[1]) for k in keys if k.startswith(prefix) and k.split(":", 1)[1].isdigit()}


def _codes(keys: set[str], prefix: str) -> set[str]:
    return {k.split(":", 1)[1] for k in keys if k.startswith(prefix)}


def pages_for_keys(keys: Iterable[str]) -> Iterator[Row]:
    """The participation pages of `keys` as the database has them now (new ones included)."""
    keys = {k for k in keys if k.startswith(PREFIXES)}
    if not keys:
        return
    bureaus = {b.code: b for b in Bureau.objects.disclosing()}
    for code in _codes(keys, "participation:") & bureaus.keys():
        yield from _overview(code, bureaus[code])
    consultations = participation_selectors.consultations_public().filter(pk__in=_ids(keys, "consultation:"))
    for pk, uid, code in consultations.values_list("pk", "uid", "bureau__code"):
        if code in bureaus:
            yield from _consultation(code, pk, uid)
    forms = participation_selectors.consultations_public().filter(pk__in=_ids(keys, "consultation-form:"))
    for pk, uid, code in forms.values_list("pk", "uid", "bureau__code"):
        if code in bureaus:
            yield _comment_form(code, pk, uid)
    hearings = p.Hearing.objects.filter(pk__in=_ids(keys, "hearing:"), published_at__isnull=False)
    for pk, uid, code in hearings.values_list("pk", "uid", "bureau__code"):
        if code in bureaus:
            yield _hearing(code, pk, uid)
    for pk, code in survey_selectors.published().filter(pk__in=_ids(keys, "survey:")).values_list("pk", "bureau__code"):
        if code in bureaus:
            yield _survey(code, pk)
    for pk, code in (
        inquiry_selectors.published().filter(pk__in=_ids(keys, "inquiry:")).values_list("pk", "bureau__code")
    ):
        if code in bureaus:
            yield _inquiry(code, pk)
    for prefix, name, extra in (
        ("surveys:", "surveys:list", (TODAY,)),
        ("inquiries:", "inquiries:list", ()),
        ("concerns:", "concerns:list", ()),
    ):
        for code in _codes(keys, prefix) & bureaus.keys():
            yield _page(name, {"code": code}, (f"bureau:{code}", f"{prefix}{code}", *extra), code)


# --- which changes touch these pages ---------------------------------------------------------------------


def _model_of(entry):
    return entry.content_type.model_class() if entry.content_type_id else None


def _pk(entry) -> int | None:
    object_id = entry.object_id or ""
    return int(object_id) if object_id.isdigit() else None


def _consultation_keys(consultation_id, code: str, *, overview: bool) -> set[str]:
    keys = {f"consultation:{consultation_id}"} if consultation_id else set()
    return keys | ({f"participation:{code}"} if overview and code else set())


def keys_for_event(entry) -> set[str]:  # noqa: C901 — one branch per audited event, read top to bottom
    """The keys of one audit record of participation, surveys, inquiries or concerns (empty otherwise)."""
    action, pk, code = entry.action, _pk(entry), entry.bureau_code or ""
    app, _sep, rest = action.partition(".")
    if app not in ("participation", "surveys", "inquiries", "concerns") or pk is None:
        return set()
    model = _model_of(entry)
    if action == "participation.catalog.published":
        return {f"participation:{code}"}
    if action == "participation.consultation.published":  # the overview and the catalog list it; its form
        return _consultation_keys(pk, code, overview=True) | {f"consultation-form:{pk}"}
    if action == "participation.comment.received":  # the counts (and the comment, when published at once)
        return _consultation_keys(entry.data.get("consultation"), code, overview=False)
    if action == "participation.comment.moderated" and model is p.Comment:
        found = p.Comment.objects.filter(pk=pk).values_list("consultation_id", flat=True).first()
        return _consultation_keys(found, code, overview=False)
    if action == "participation.summary.published" and model is p.AdoptionSummary:
        found = p.AdoptionSummary.objects.filter(pk=pk).values_list("consultation_id", flat=True).first()
        keys = _consultation_keys(found, code, overview=True)  # the overview links the summary, so does the form
        return keys | ({f"consultation-form:{found}"} if found else set())
    if action in (
        "participation.hearing.published",
        "participation.hearing.participants_published",
        "participation.hearing.materials_delivered",
        "participation.hearing.held",
    ):
        return {f"hearing:{pk}", f"participation:{code}"}
    if action == "participation.minutes.published" and model is p.HearingMinutes:
        found = p.HearingMinutes.objects.filter(pk=pk).values_list("hearing_id", flat=True).first()
        return {f"hearing:{found}"} if found else set()
    if action == "surveys.survey.published":
        return {f"survey:{pk}", f"surveys:{code}"}
    if action == "surveys.response.submitted":  # the results and the list's response count
        return {f"survey:{pk}", f"surveys:{code}"}
    if app == "inquiries" and model is Inquiry and rest in ("inquiry.answered", "inquiry.invalidated"):
        return {f"inquiry:{pk}", f"inquiries:{code}"}
    if action == "concerns.response.published" and model is ConcernResponse:
        return {f"concerns:{code}"}
    return set()
