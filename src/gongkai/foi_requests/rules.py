"""Who may do what with FOI requests: the actions this app adds to the permission module.

The head of the disclosure office (政府信息公开工作机构负责人, 条例 Art. 33 para 2) approves
extensions; in Gongkai that is a bureau's reviewer or leader in charge. Replies are drafted by
editors and approved by a reviewer or leader (never the drafter's own approval).
"""

from gongkai.accounts.permissions import Reach, _g
from gongkai.accounts.roles import Role

_HANDLERS = ((Role.EDITOR, Reach.OWN), (Role.REVIEWER, Reach.OWN), (Role.LEADER, Reach.OWN))
_APPROVERS = ((Role.REVIEWER, Reach.OWN), (Role.LEADER, Reach.OWN))

RULES = {
    # Lists show masked personal data; the city supervisor sees its subtree's requests (masked).
    "foi_requests.view_request": _g(*_HANDLERS, (Role.CITY_SUPERVISOR, Reach.SUBTREE)),
    # Unmasked applicant data: the bureau's own handlers only; every view is audited.
    "foi_requests.view_personal_data": _g(*_HANDLERS),
    "foi_requests.handle_request": _g(*_HANDLERS),
    "foi_requests.approve_extension": _g(*_APPROVERS),
    "foi_requests.approve_reply": _g(*_APPROVERS),
    "foi_requests.set_manual_deadline": _g(*_APPROVERS),
    "foi_requests.view_dashboard": _g(*_HANDLERS, (Role.CITY_SUPERVISOR, Reach.SUBTREE)),
}

DJANGO_PERMS = {
    "foi_requests.view_foirequest": "foi_requests.view_request",
    "foi_requests.handle_foirequest": "foi_requests.handle_request",
}
