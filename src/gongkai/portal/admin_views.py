"""Staff screen to approve and publish a disclosure guide (four eyes, with the confidentiality check)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from gongkai.accounts import permissions
from gongkai.core.forms import ConfidentialityCheckForm

from . import services
from .models import DisclosureGuide


def guide_publish(request, pk):
    guide = get_object_or_404(DisclosureGuide.objects.select_related("bureau"), pk=pk)
    if not permissions.can(request.user, "portal.view_guide", guide):
        raise Http404
    if not permissions.can(request.user, "portal.publish_guide", guide):
        raise PermissionDenied
    form = ConfidentialityCheckForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.guide_publish(
                guide=guide,
                acting_user=request.user,
                confidentiality_result=form.cleaned_data["confidentiality_result"],
                notes=form.cleaned_data["confidentiality_notes"],
                request=request,
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The disclosure guide is published."))
            return redirect("wagtailsnippets_portal_disclosureguide:list")
    working = guide.get_latest_revision_as_object()
    title = _("Approve and publish the disclosure guide")
    return TemplateResponse(
        request,
        "portal/admin/guide_publish.html",
        {
            "page_title": title,
            "header_title": title,
            "header_icon": "doc-full",
            "breadcrumbs_items": [
                {"url": reverse("wagtailadmin_home"), "label": _("Home")},
                {"url": reverse("wagtailsnippets_portal_disclosureguide:list"), "label": _("Disclosure guides")},
                {"url": "", "label": title},
            ],
            "guide": guide,
            "working": working,
            "form": form,
            "may_publish": services.may_publish(request.user, guide),
            "authors": guide.revisions.filter(user_id__in=services.guide_authors(guide)).select_related("user"),
        },
    )
