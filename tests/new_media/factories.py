"""Accounts through the services, as the staff screens make them: applied for by the bureau's editor,
approved by its leader, its government review office and the city supervisor."""

from gongkai.new_media import services

ACCOUNT = {"platform": "wechat", "name": "修武应急", "handle": "xiuwu_yingji", "url": "https://mp.weixin.qq.com/xiuwu"}


def approve_all(application, *, leader, gov_reviewer, supervisor, **kwargs):
    services.application_decide(
        application, acting_user=leader, approve=True, opinion="同意", confidentiality_result="passed", **kwargs
    )
    services.application_decide(application, acting_user=gov_reviewer, approve=True, opinion="同意", **kwargs)
    application.refresh_from_db()
    if application.status == "pending":
        services.application_decide(application, acting_user=supervisor, approve=True, opinion="同意备案", **kwargs)
    application.refresh_from_db()
    return application


def open_account(*, bureau, editor, leader, gov_reviewer, supervisor, fields=None, **kwargs):
    application = services.application_submit(
        bureau=bureau,
        kind="open",
        fields={**ACCOUNT, **(fields or {})},
        reason="发布应急科普和预警信息",
        acting_user=editor,
    )
    approve_all(application, leader=leader, gov_reviewer=gov_reviewer, supervisor=supervisor, **kwargs)
    return application.account
