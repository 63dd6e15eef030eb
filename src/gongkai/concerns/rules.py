"""Who may do what with public concerns (政务舆情回应): the actions this app adds to the permission module.

A bureau's editors, reviewers and leader record the concerns about their own bureau and draft the
responses; a reviewer or the leader of the same bureau approves a response for the public, never one
they drafted (four eyes); the city supervisor reads the concerns of its subtree. The deadlines themselves
are the pure rules of `gongkai.participation.rules.concern_deadlines`.
"""

from gongkai.accounts.permissions import Reach, _g
from gongkai.accounts.roles import Role

VIEW_CONCERN = "concerns.view_concern"
CHANGE_CONCERN = "concerns.change_concern"
APPROVE_RESPONSE = "concerns.approve_response"

_WRITERS = ((Role.EDITOR, Reach.OWN), (Role.REVIEWER, Reach.OWN), (Role.LEADER, Reach.OWN))

RULES = {
    VIEW_CONCERN: _g(*_WRITERS, (Role.CITY_SUPERVISOR, Reach.SUBTREE)),
    CHANGE_CONCERN: _g(*_WRITERS),
    APPROVE_RESPONSE: _g((Role.REVIEWER, Reach.OWN), (Role.LEADER, Reach.OWN)),
}

DJANGO_PERMS = {
    "concerns.view_concern": VIEW_CONCERN,
    "concerns.change_concern": CHANGE_CONCERN,
}
