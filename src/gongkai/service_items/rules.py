"""Who may do what with service items and their guides: the actions this app adds to the permission module.

A bureau's editors, reviewers and leader write the guides of its own service items; a reviewer or the leader
of the same bureau approves a guide for the public, never one they wrote (four eyes, `services.guide_approve`);
the city supervisor reads the guides of its subtree.
"""

from gongkai.accounts.permissions import Reach, _g
from gongkai.accounts.roles import Role

VIEW_ITEM = "service_items.view_item"
CHANGE_ITEM = "service_items.change_item"
APPROVE_GUIDE = "service_items.approve_guide"

_WRITERS = ((Role.EDITOR, Reach.OWN), (Role.REVIEWER, Reach.OWN), (Role.LEADER, Reach.OWN))

RULES = {
    VIEW_ITEM: _g(*_WRITERS, (Role.CITY_SUPERVISOR, Reach.SUBTREE)),
    CHANGE_ITEM: _g(*_WRITERS),
    APPROVE_GUIDE: _g((Role.REVIEWER, Reach.OWN), (Role.LEADER, Reach.OWN)),
}

DJANGO_PERMS = {
    "service_items.view_serviceitem": VIEW_ITEM,
    "service_items.change_serviceitem": CHANGE_ITEM,
}
