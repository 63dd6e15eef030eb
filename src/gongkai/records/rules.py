"""Who may do what with records: the actions this app adds to the permission module."""

from gongkai.accounts.permissions import Reach, _g
from gongkai.accounts.roles import Role

_BUREAU_STAFF = ((Role.EDITOR, Reach.OWN), (Role.REVIEWER, Reach.OWN), (Role.LEADER, Reach.OWN))
_APPROVERS = ((Role.REVIEWER, Reach.OWN), (Role.LEADER, Reach.OWN))

RULES = {
    # Drafts and every state of a record: the bureau's staff; the city supervisor reads its subtree.
    "records.view_record": _g(*_BUREAU_STAFF, (Role.CITY_SUPERVISOR, Reach.SUBTREE)),
    "records.add_record": _g(*_BUREAU_STAFF),
    "records.change_record": _g(*_BUREAU_STAFF),
    "records.submit_record": _g(*_BUREAU_STAFF),
    # Approval stays inside the bureau and is never the editor's own.
    "records.approve_record": _g(*_APPROVERS),
    # Putting an approved record online (the editor posts what the reviewer approved).
    "records.publish_record": _g(*_BUREAU_STAFF),
    "records.withdraw_record": _g(*_APPROVERS),
    # Due dates and on-time rates.
    "records.view_dashboard": _g(*_BUREAU_STAFF, (Role.CITY_SUPERVISOR, Reach.SUBTREE)),
    # Business-system tokens: the bureau's leader in charge, or the system administrator.
    "records.manage_token": _g((Role.LEADER, Reach.OWN), (Role.SYSTEM_ADMIN, Reach.GLOBAL)),
}

DJANGO_PERMS = {
    "records.view_record": "records.view_record",
    "records.add_record": "records.add_record",
    "records.change_record": "records.change_record",
    "records.view_systemtoken": "records.manage_token",
    "records.add_systemtoken": "records.manage_token",
    "records.change_systemtoken": "records.manage_token",
}
