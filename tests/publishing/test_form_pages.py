"""The public FOI form is published for first visitors: an SSI placeholder instead of the client_token, no
CSRF token or cookie (core.form_pages); the app keeps its own dynamic form for everyone nginx sends to it."""

import pytest
from django.test import Client

from gongkai.core import form_pages
from gongkai.publishing import pages, render

pytestmark = pytest.mark.django_db


def test_the_foi_form_is_published_with_the_ssi_token_and_no_csrf_token(xiuwu):
    urls = {spec.url for spec in pages.bureau_specs("xiuwu")}
    assert {"/b/xiuwu/foi/apply/", "/en/b/xiuwu/foi/apply/"} <= urls
    page = render.render("/b/xiuwu/foi/apply/")  # refuses a page with a CSRF token or cookie
    html = page.content.decode()
    assert page.status == 200 and f'name="client_token" value="{form_pages.SSI_TOKEN}"' in html
    dynamic = Client().get("/b/xiuwu/foi/apply/").content.decode()
    assert form_pages.SSI_TOKEN not in dynamic and "csrfmiddlewaretoken" in dynamic
