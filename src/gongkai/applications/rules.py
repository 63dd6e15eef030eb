"""Who may see applications and their push log in the admin: the bureau's editors, reviewers and leader,
and the city supervisor for its subtree. Writes come from business systems (token scope applications:write)."""

from gongkai.accounts.permissions import Reach, _g
from gongkai.accounts.roles import Role

VIEW_APPLICATION = "applications.view_application"

RULES = {
    VIEW_APPLICATION: _g(
        (Role.EDITOR, Reach.OWN),
        (Role.REVIEWER, Reach.OWN),
        (Role.LEADER, Reach.OWN),
        (Role.CITY_SUPERVISOR, Reach.SUBTREE),
    ),
}

DJANGO_PERMS = {"applications.view_application": VIEW_APPLICATION}
