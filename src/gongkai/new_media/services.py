"""Use cases of the new-media registry: apply to open, change or close an account, decide each step of
the approval chain, record and import posts.

Nothing reaches the public registry before an application is fully approved: `application_decide` applies
the application to the account only at the last step of its chain (`chain.stages_for`). The bureau's step
is the leader's and follows the four-eyes rule (never the applicant; the confidentiality check 保密审查 is
recorded with it), the review office's and the city's steps are asked of the permission module. Every
published field (name, account id, address) is screened for personal data. Every step, denial and post
import is audited as `new_media.<entity>.<verb>`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from gongkai.accounts import permissions
from gongkai.core import audit
from gongkai.core.confidentiality import clean_confidentiality
from gongkai.screening import pii

from . import chain
from .models import (
    AccountApplication,
    AccountStatus,
    ApplicationKind,
    ApplicationStatus,
    ApplicationStep,
    Decision,
    NewMediaAccount,
    Platform,
    Post,
    PostSource,
)
from .rules import APPLY, RECORD_POST, STAGE_ACTIONS

ACCOUNT_FIELDS = ("platform", "name", "handle", "url", "operator")
PUBLISHED_FIELDS = ("name", "handle", "url")


def city_step_configured() -> bool:
    return bool(settings.GONGKAI.get("NEW_MEDIA_CITY_APPROVAL", True))


def _clean_fields(fields: dict) -> dict:
    values = {name: (fields.get(name) or "").strip() for name in ACCOUNT_FIELDS}
    if values["platform"] not in Platform.values:
        raise ValidationError(_("Choose the platform of the account."), code="invalid_platform")
    if not values["name"] or not values["handle"]:
        raise ValidationError(_("An account needs a name and an account id."), code="required")
    hits = [(name, hit) for name in PUBLISHED_FIELDS for hit in pii.scan(values[name])]
    if hits:
        places = "; ".join(f"{name}: {hit.masked}" for name, hit in hits[:5])
        raise ValidationError(
            _("Personal data was found (%(places)s). Remove it before applying."),
            code="pii_found",
            params={"places": places},
        )
    return values


@transaction.atomic
def application_submit(
    *,
    bureau,
    kind: str,
    reason: str,
    acting_user,
    account: NewMediaAccount | None = None,
    fields: dict | None = None,
    effective_on: dt.date | None = None,
    request=None,
) -> AccountApplication:
    """Apply to open an account of `bureau`, or to change or close its `account`. Nothing changes in the
    registry until the application is approved at every step of its chain."""
    permissions.require(acting_user, APPLY, bureau)
    if kind not in ApplicationKind.values:
        raise ValidationError(_("Choose what the application asks for."), code="invalid_kind")
    if not (reason or "").strip():
        raise ValidationError(_("Give the reason for the application."), code="reason_required")
    if kind == ApplicationKind.OPEN:
        if account is not None:
            raise ValidationError(_("An application to open an account names no existing account."), code="invalid")
        values = _clean_fields(fields or {})
    else:
        if account is None or account.bureau_id != bureau.pk or account.status != AccountStatus.ACTIVE:
            raise ValidationError(_("Choose an account of this bureau that is in operation."), code="invalid_account")
        current = {name: getattr(account, name) for name in ACCOUNT_FIELDS}
        values = _clean_fields({**current, **(fields or {})}) if kind == ApplicationKind.CHANGE else current
        if kind == ApplicationKind.CHANGE and values == current:
            raise ValidationError(_("The application changes nothing."), code="no_change")
        if account.applications.filter(status=ApplicationStatus.PENDING).exists():
            raise ValidationError(_("An application for this account is already waiting."), code="pending")
    if kind != ApplicationKind.CLOSE:
        clash = NewMediaAccount.objects.filter(
            platform=values["platform"], handle=values["handle"], status=AccountStatus.ACTIVE
        )
        if account is not None:
            clash = clash.exclude(pk=account.pk)
        if clash.exists():
            raise ValidationError(_("This account id is already registered on this platform."), code="duplicate")
    if bureau.review_office_id is None:
        raise ValidationError(
            _("This bureau has no government review office to approve the application."), code="no_review_office"
        )
    application = AccountApplication.objects.create(
        bureau=bureau,
        kind=kind,
        account=account,
        reason=reason.strip(),
        effective_on=effective_on,
        stages=chain.stages_for(has_parent=bureau.parent_id is not None, city_step=city_step_configured()),
        stage=chain.BUREAU,
        submitted_by=acting_user,
        submitted_at=timezone.now(),
        **values,
    )
    audit.record(
        "new_media.application.submitted",
        user=acting_user,
        instance=application,
        request=request,
        data={"kind": kind, "account": account.pk if account else None, "stages": application.stages, **values},
    )
    return application


def may_decide(user, application: AccountApplication) -> bool:
    """May `user` decide the step the application waits for (the leader: not one they submitted)?"""
    if application.status != ApplicationStatus.PENDING:
        return False
    if not permissions.can(user, STAGE_ACTIONS[application.stage], application):
        return False
    if application.stage == chain.BUREAU:
        return permissions.may_approve(user, application, authors=[application.submitted_by_id])
    return True


@transaction.atomic
def application_decide(
    application: AccountApplication,
    *,
    acting_user,
    approve: bool,
    opinion: str = "",
    confidentiality_result: str = "",
    confidentiality_notes: str = "",
    today: dt.date | None = None,
    request=None,
) -> AccountApplication:
    """Approve or deny the step `application` waits for. A denial ends the application (with the opinion
    that says why); the approval of the last step applies it to the registry."""
    application = AccountApplication.objects.select_for_update().select_related("bureau").get(pk=application.pk)
    if application.status != ApplicationStatus.PENDING:
        raise ValidationError(_("This application is already decided."), code="decided")
    stage = application.stage
    permissions.require(acting_user, STAGE_ACTIONS[stage], application)
    if stage == chain.BUREAU:
        permissions.require_four_eyes(acting_user, application, authors=[application.submitted_by_id])
    opinion = (opinion or "").strip()
    result, notes = "", ""
    if not approve and not opinion:
        raise ValidationError(_("Say why the application is denied."), code="opinion_required")
    if approve and stage == chain.BUREAU:
        result, notes = clean_confidentiality(confidentiality_result, confidentiality_notes)
    now = timezone.now()
    ApplicationStep.objects.create(
        application=application,
        stage=stage,
        decision=Decision.APPROVED if approve else Decision.DENIED,
        decided_by=acting_user,
        decided_at=now,
        opinion=opinion,
        confidentiality_result=result,
        confidentiality_notes=notes,
    )
    following = chain.next_stage(application.stages, stage) if approve else None
    if not approve:
        application.status, application.decided_at = ApplicationStatus.DENIED, now
    elif following is None:
        application.status, application.decided_at = ApplicationStatus.APPROVED, now
    else:
        application.stage = following
    application.save(update_fields=["status", "stage", "decided_at", "updated_at"])
    audit.record(
        "new_media.application.approved" if approve else "new_media.application.denied",
        user=acting_user,
        instance=application,
        request=request,
        data={"stage": stage, "opinion": opinion, "next": following, "confidentiality_result": result},
    )
    if approve and following is None:
        _apply(application, acting_user=acting_user, today=today or timezone.localdate(), request=request)
    return application


def _apply(application: AccountApplication, *, acting_user, today: dt.date, request) -> NewMediaAccount:
    on = application.effective_on or today
    values = {name: getattr(application, name) for name in ACCOUNT_FIELDS}
    if application.kind == ApplicationKind.OPEN:
        account = NewMediaAccount.objects.create(bureau=application.bureau, opened_on=on, **values)
        application.account = account
        application.save(update_fields=["account", "updated_at"])
        event = "new_media.account.opened"
    else:
        account = NewMediaAccount.objects.select_for_update().get(pk=application.account_id)
        if application.kind == ApplicationKind.CHANGE:
            for name, value in values.items():
                setattr(account, name, value)
            account.changed_on = on
            event = "new_media.account.changed"
        else:
            account.status, account.closed_on = AccountStatus.CLOSED, on
            event = "new_media.account.closed"
        account.save()
    audit.record(
        event, user=acting_user, instance=account, request=request, data={"application": application.pk, **values}
    )
    return account


@transaction.atomic
def post_record(
    *,
    account: NewMediaAccount,
    posted_at: dt.datetime,
    title: str,
    acting_user,
    url: str = "",
    source: str = PostSource.MANUAL,
    request=None,
) -> Post:
    """Record a post of an account in operation (the operator, or an import)."""
    permissions.require(acting_user, RECORD_POST, account)
    post = _add_post(account, posted_at=posted_at, title=title, url=url, source=source, user=acting_user)
    if post is None:
        raise ValidationError(_("This post is already recorded."), code="duplicate")
    audit.record(
        "new_media.post.recorded",
        user=acting_user,
        instance=account,
        request=request,
        data={"title": post.title, "posted_at": post.posted_at.isoformat(), "source": source},
    )
    return post


def _add_post(account, *, posted_at, title, url, source, user) -> Post | None:
    title = (title or "").strip()
    if account.status != AccountStatus.ACTIVE:
        raise ValidationError(_("The account is closed."), code="closed")
    if not title:
        raise ValidationError(_("A post needs a title."), code="required")
    if timezone.is_naive(posted_at):
        posted_at = timezone.make_aware(posted_at)
    if posted_at > timezone.now() + dt.timedelta(minutes=5):
        raise ValidationError(_("A post cannot be dated in the future."), code="future")
    if Post.objects.filter(account=account, posted_at=posted_at, title=title[:300]).exists():
        return None
    post = Post.objects.create(
        account=account,
        posted_at=posted_at,
        title=title[:300],
        url=(url or "").strip(),
        source=source,
        recorded_by=user,
    )
    if account.last_post_at is None or posted_at > account.last_post_at:
        NewMediaAccount.objects.filter(pk=account.pk).update(last_post_at=posted_at)
        account.last_post_at = posted_at
    return post


@dataclass
class ImportResult:
    created: int = 0
    skipped: int = 0
    errors: list[str] = field(default_factory=list)


IMPORT_COLUMNS = ("account_id", "posted_at", "title", "url")


def _parse_when(value: str) -> dt.datetime | None:
    value = (value or "").strip()
    when = parse_datetime(value.replace("/", "-"))
    if when is None:
        day = parse_date(value.replace("/", "-"))
        when = dt.datetime.combine(day, dt.time(12, 0)) if day else None
    return when


@transaction.atomic
def posts_import(*, bureau, text: str, acting_user, request=None) -> ImportResult:
    """Import posts of `bureau`'s accounts from CSV (header: account_id, posted_at, title, url; the
    export of the platform's back office, one row per post). Rows already recorded are skipped; rows that
    name an unknown account or carry no date are reported, never half-imported."""
    permissions.require(acting_user, RECORD_POST, bureau)
    accounts = {a.handle: a for a in NewMediaAccount.objects.filter(bureau=bureau, status=AccountStatus.ACTIVE)}
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [c for c in IMPORT_COLUMNS[:3] if c not in (reader.fieldnames or [])]
    if missing:
        raise ValidationError(
            _("The file needs the columns %(names)s."), code="columns", params={"names": ", ".join(IMPORT_COLUMNS)}
        )
    result = ImportResult()
    for number, row in enumerate(reader, start=2):
        account = accounts.get((row.get("account_id") or "").strip())
        when = _parse_when(row.get("posted_at", ""))
        if account is None:
            result.errors.append(_("Line %(n)s: no account of this bureau has this id.") % {"n": number})
            continue
        if when is None:
            result.errors.append(_("Line %(n)s: the date cannot be read.") % {"n": number})
            continue
        try:
            post = _add_post(
                account,
                posted_at=when,
                title=row.get("title", ""),
                url=row.get("url", ""),
                source=PostSource.IMPORT,
                user=acting_user,
            )
        except ValidationError as exc:
            result.errors.append(_("Line %(n)s: %(error)s") % {"n": number, "error": "; ".join(exc.messages)})
            continue
        if post is None:
            result.skipped += 1
        else:
            result.created += 1
    audit.record(
        "new_media.post.imported",
        user=acting_user,
        instance=bureau,
        request=request,
        data={"created": result.created, "skipped": result.skipped, "errors": len(result.errors)},
    )
    return result
