"""The public look-up page (`/services/progress/`): the number and look-up code in, the events out; and the
applicant's subscription to pushes. Per visitor (a form, a session), so rendered with the request and never
cached. Nothing of the applicant's contact data is shown; a wrong code says "not found" and counts against
the address (`lookup.find`)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.portal.responses import render_private_page

from . import lookup, selectors, services
from .forms import LookupForm, SubscribeForm
from .models import Application

SESSION_KEY = "applications_seen"  # the application this session looked up with its code (for subscribing)


def _page(request, context, status=200):
    return render_private_page(
        request, "applications/progress.html", context, url_name="applications:progress", status=status
    )


@require_http_methods(["GET", "HEAD", "POST"])
def progress(request):
    application = None
    if request.method == "POST":
        form = LookupForm(request.POST)
        if form.is_valid():
            try:
                application = lookup.find(request, form.cleaned_data["number"], form.cleaned_data["code"])
            except lookup.TooManyAttempts as exc:
                form.add_error(None, str(exc))
                return _page(request, {"form": form}, status=429)
            if application is None:
                form.add_error("code", _("No application has this number and look-up code."))
                return _page(request, {"form": form}, status=404)
            request.session[SESSION_KEY] = application.pk
    else:
        form = LookupForm()
        seen = request.session.get(SESSION_KEY)
        if seen and request.GET.get("shown"):
            application = Application.objects.select_related("bureau", "service_item").filter(pk=seen).first()
    context = {"form": form}
    if application is not None:
        context.update(
            application=application,
            events=selectors.events_in_order(application),
            subscribe_form=SubscribeForm(),
            subscriptions=list(application.subscriptions.order_by("created_at")),
        )
    return _page(request, context, status=400 if form.errors else 200)


@require_POST
def subscribe(request):
    seen = request.session.get(SESSION_KEY)
    application = Application.objects.select_related("bureau", "service_item").filter(pk=seen).first() if seen else None
    if application is None:
        return redirect("applications:progress")
    form = SubscribeForm(request.POST)
    if form.is_valid():
        try:
            services.subscribe(
                application=application,
                channel=form.cleaned_data["channel"],
                to=form.cleaned_data["to"],
                request=request,
            )
        except ValidationError as exc:
            form.add_error("to", exc.message_dict.get("to") or exc.messages)
        else:
            messages.success(request, _("Subscribed: every new status will be sent to you."))
            return redirect(reverse("applications:progress") + "?shown=1")
    return _page(
        request,
        {
            "form": LookupForm(),
            "application": application,
            "events": selectors.events_in_order(application),
            "subscribe_form": form,
            "subscriptions": list(application.subscriptions.order_by("created_at")),
        },
        status=400,
    )
