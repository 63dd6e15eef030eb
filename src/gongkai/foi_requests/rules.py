"""Who may do what with FOI requests: the actions this app adds to the permission module.

The head of the disclosure office (政府信息公开工作机构负责人, 条例 Art. 33 para 2) approves
extensions; in Gongkai that is a bureau's reviewer or leader in charge. Replies are drafted by
editors and approved by a reviewer or leader (never the drafter's own approval).
"""

from gongkai.accounts.permissions import Reach, _g
from gongkai.accounts.roles import Role

VIEW_REQUEST = "foi_requests.view_request"
VIEW_PERSONAL_DATA = "foi_requests.view_personal_data"
HANDLE_REQUEST = "foi_requests.handle_request"
APPROVE_EXTENSION = "foi_requests.approve_extension"
APPROVE_REPLY = "foi_requests.approve_reply"
SET_MANUAL_DEADLINE = "foi_requests.set_manual_deadline"
VIEW_DASHBOARD = "foi_requests.view_dashboard"

_HANDLERS = ((Role.EDITOR, Reach.OWN), (Role.REVIEWER, Reach.OWN), (Role.LEADER, Reach.OWN))
_APPROVERS = ((Role.REVIEWER, Reach.OWN), (Role.LEADER, Reach.OWN))

RULES = {
    # Lists show masked personal data; the city supervisor sees its subtree's requests (masked).
    VIEW_REQUEST: _g(*_HANDLERS, (Role.CITY_SUPERVISOR, Reach.SUBTREE)),
    # Unmasked applicant data: the bureau's own handlers only; every view is audited.
    VIEW_PERSONAL_DATA: _g(*_HANDLERS),
    HANDLE_REQUEST: _g(*_HANDLERS),
    APPROVE_EXTENSION: _g(*_APPROVERS),
    APPROVE_REPLY: _g(*_APPROVERS),
    SET_MANUAL_DEADLINE: _g(*_APPROVERS),
    VIEW_DASHBOARD: _g(*_HANDLERS, (Role.CITY_SUPERVISOR, Reach.SUBTREE)),
}

DJANGO_PERMS = {
    "foi_requests.view_foirequest": VIEW_REQUEST,
    "foi_requests.handle_foirequest": HANDLE_REQUEST,
}
