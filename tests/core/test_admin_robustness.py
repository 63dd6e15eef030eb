"""Wagtail admin: snippet choosers keep to the user's bureau scope; a tampered rich-text post is a form error."""

import pytest
from django.urls import reverse
from wagtail.snippets.models import get_snippet_models

from gongkai.accounts.wagtail_policy import ScopedChooserMixin
from gongkai.portal import services as portal_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def guides(people, xiuwu, wenxian):
    return {
        bureau.code: portal_services.guide_save(
            bureau=bureau, body=f"<p>{bureau.name}指南</p>", rules_text="", publish=False, acting_user=editor
        )
        for bureau, editor in ((xiuwu, people["editor"]), (wenxian, people["wenxian_editor"]))
    }


def choose_url(model):
    return reverse(f"wagtailsnippetchoosers_{model._meta.app_label}_{model._meta.model_name}:choose")


def test_guide_chooser_lists_only_the_users_bureau(client, editor, guides):
    client.force_login(editor)
    for name in ("choose", "choose_results"):
        response = client.get(reverse(f"wagtailsnippetchoosers_portal_disclosureguide:{name}"))
        assert response.status_code == 200
        page = response.json()["html"] if name == "choose" else response.content.decode()
        assert str(guides["xiuwu"]) in page
        assert "温县" not in page, name


def test_chosen_view_of_another_bureaus_guide_is_404(client, editor, guides):
    client.force_login(editor)
    other = reverse("wagtailsnippetchoosers_portal_disclosureguide:chosen", args=[guides["wenxian"].pk])
    own = reverse("wagtailsnippetchoosers_portal_disclosureguide:chosen", args=[guides["xiuwu"].pk])
    assert client.get(other).status_code == 404
    assert client.get(own).status_code == 200


def test_bureau_chooser_lists_only_bureaus_in_scope(client, editor, wenxian_editor, xiuwu, wenxian):
    client.force_login(editor)
    page = client.get(reverse("wagtailsnippetchoosers_organizations_bureau:choose_results")).content.decode()
    assert xiuwu.name in page and wenxian.name not in page


def test_every_snippet_chooser_is_scoped():
    from wagtail.admin.viewsets import viewsets

    for model in get_snippet_models():
        viewset = model.snippet_viewset.chooser_viewset_class
        for view in ("choose_view_class", "choose_results_view_class", "chosen_view_class"):
            assert issubclass(getattr(viewset, view), ScopedChooserMixin), (model, view)
    assert viewsets  # the registry the viewsets are in


def test_invalid_json_in_a_rich_text_field_is_a_form_error_not_a_500(client, editor, guides):
    guide = guides["xiuwu"]
    client.force_login(editor)
    url = reverse("wagtailsnippets_portal_disclosureguide:edit", args=[guide.pk])
    response = client.post(url, {"body": "{not json", "rules_text": "[]"})
    assert response.status_code == 200
    assert response.context["form"].errors
    guide.refresh_from_db()
    assert "修武县" in guide.body
