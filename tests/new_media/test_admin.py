"""The staff screens: the editor applies, the leader and the next steps decide on the application's page;
each person sees only what their role reaches."""

import pytest

from gongkai.new_media.models import AccountApplication

pytestmark = pytest.mark.django_db


def test_an_application_goes_up_the_chain_through_the_screens(client, xiuwu, editor, leader, gov_reviewer, supervisor):
    client.force_login(editor)
    assert client.get("/admin/new-media/").status_code == 200
    response = client.post(
        "/admin/new-media/apply/",
        {
            "bureau": xiuwu.pk,
            "kind": "open",
            "platform": "weibo",
            "name": "修武应急",
            "handle": "xiuwu_wb",
            "reason": "发布预警",
        },
    )
    application = AccountApplication.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(
        f"/admin/new-media/applications/{application.pk}/"
    )
    url = f"/admin/new-media/applications/{application.pk}/"
    assert "button" in client.get(url).content.decode() and 'name="approve"' not in client.get(url).content.decode()
    client.force_login(leader)
    assert 'name="approve"' in client.get(url).content.decode()
    client.post(url, {"approve": "1", "confidentiality_result": "passed", "opinion": "同意"})
    for person in (gov_reviewer, supervisor):
        client.force_login(person)
        assert str(application) in client.get("/admin/new-media/").content.decode()
        client.post(url, {"approve": "1", "opinion": "同意"})
    application.refresh_from_db()
    assert application.status == "approved" and application.account.handle == "xiuwu_wb"


def test_another_bureau_does_not_see_the_application(client, xiuwu, editor, wenxian_editor):
    from gongkai.new_media import services

    application = services.application_submit(
        bureau=xiuwu,
        kind="open",
        fields={"platform": "weibo", "name": "修武应急", "handle": "x"},
        reason="r",
        acting_user=editor,
    )
    client.force_login(wenxian_editor)
    assert client.get(f"/admin/new-media/applications/{application.pk}/").status_code == 404
    assert "修武应急" not in client.get("/admin/new-media/").content.decode()
