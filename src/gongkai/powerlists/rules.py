"""Who may import the lists and map their items to catalog items (the bureau's editors, reviewers and leader)
and who may read them in the admin (also the city supervisor and the government review office)."""

from gongkai.accounts.permissions import Reach, _g
from gongkai.accounts.roles import Role

VIEW_LIST = "powerlists.view_list"
CHANGE_LIST = "powerlists.change_list"

_WRITERS = ((Role.EDITOR, Reach.OWN), (Role.REVIEWER, Reach.OWN), (Role.LEADER, Reach.OWN))

RULES = {
    VIEW_LIST: _g(*_WRITERS, (Role.CITY_SUPERVISOR, Reach.SUBTREE), (Role.GOV_REVIEWER, Reach.REVIEWED)),
    CHANGE_LIST: _g(*_WRITERS),
}

DJANGO_PERMS = {"powerlists.view_listitem": VIEW_LIST, "powerlists.change_listitem": CHANGE_LIST}
