"""The frame shared by the records admin screens: their section in the crumbs, which record a user
may open (another bureau's record is a 404, no record permission at all a 403), and how a
service's ValidationError is shown (on the form's fields, else as messages).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy

from gongkai.accounts import permissions
from gongkai.core.admin_screens import render_admin_screen

from . import selectors
from .models import Record

SECTION = ("records_admin:index", gettext_lazy("Records"))


def render_screen(request, template: str, title: str, context: dict, crumbs=()) -> TemplateResponse:
    return render_admin_screen(request, template, title, context, section=SECTION, icon="doc-full", crumbs=crumbs)


def visible_record(request, pk) -> Record:
    """A record the user may see; another bureau's record is a 404. No record permission at all: 403."""
    if not permissions.can(request.user, "records.view_record"):
        raise PermissionDenied
    try:
        return selectors.record_get_for_user(request.user, pk)
    except (Record.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def show_errors(request, exc: ValidationError, form=None) -> None:
    if form is not None and hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = field if field in form.fields else None
            for error in errors:
                form.add_error(target, error)
        return
    for message in exc.messages:
        messages.error(request, message)
