"""Who may do what with participation (the actions this app adds to the permission module).

A bureau's editors, reviewers and leader prepare its decision catalog, consultations and hearings and
moderate comments; a reviewer or the leader of the same bureau approves anything for the public, never
what they wrote themselves (four eyes, `services.publication`); the city supervisor reads its subtree.
"""

from gongkai.accounts.permissions import Reach, _g
from gongkai.accounts.roles import Role

VIEW = "participation.view_participation"
CHANGE = "participation.change_participation"
MODERATE = "participation.moderate_comment"
APPROVE = "participation.approve_participation"

_WRITERS = ((Role.EDITOR, Reach.OWN), (Role.REVIEWER, Reach.OWN), (Role.LEADER, Reach.OWN))

RULES = {
    VIEW: _g(*_WRITERS, (Role.CITY_SUPERVISOR, Reach.SUBTREE)),
    CHANGE: _g(*_WRITERS),
    MODERATE: _g(*_WRITERS),
    APPROVE: _g((Role.REVIEWER, Reach.OWN), (Role.LEADER, Reach.OWN)),
}

DJANGO_PERMS = {
    "participation.view_consultation": VIEW,
    "participation.change_consultation": CHANGE,
}
