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
    # Approval (first publication or a change to a live record) stays inside the bureau and is never the
    # approver's own work: the services add permissions.require_four_eyes (review.require_approver).
    "records.approve_record": _g(*_APPROVERS),
    # Putting an approved record online (the editor posts what the reviewer approved).
    "records.publish_record": _g(*_BUREAU_STAFF),
    "records.withdraw_record": _g(*_APPROVERS),
    # Due dates and on-time rates.
    "records.view_dashboard": _g(*_BUREAU_STAFF, (Role.CITY_SUPERVISOR, Reach.SUBTREE)),
    # Business-system tokens: the bureau's leader in charge, or the system administrator (records:write only).
    "records.manage_token": _g((Role.LEADER, Reach.OWN), (Role.SYSTEM_ADMIN, Reach.GLOBAL)),
    # A token with the records:publish scope: only the bureau's leader in charge, never an administrator.
    "records.create_publish_token": _g((Role.LEADER, Reach.OWN)),
    # Which catalog items a business system publishes into without a person's approval: the leader only.
    "records.set_auto_approval": _g((Role.LEADER, Reach.OWN)),
    # Importing the bureau's past publications (made before the platform, services/history.py): the leader
    # in charge answers for what the bureau published; never an administrator (三员分立).
    "records.import_history": _g((Role.LEADER, Reach.OWN)),
}

DJANGO_PERMS = {
    "records.view_record": "records.view_record",
    "records.add_record": "records.add_record",
    "records.change_record": "records.change_record",
    "records.view_systemtoken": "records.manage_token",
    "records.add_systemtoken": "records.manage_token",
    "records.change_systemtoken": "records.manage_token",
}
