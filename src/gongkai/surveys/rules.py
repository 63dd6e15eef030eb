"""Who may do what with surveys (问卷调查): the actions this app adds to the permission module.

A bureau's editors, reviewers and leader write the surveys of their own bureau and read and export the
results; a reviewer or the leader of the same bureau publishes a survey, never one they wrote or
submitted (four eyes); the city supervisor reads the surveys of its subtree.
"""

from gongkai.accounts.permissions import Reach, _g
from gongkai.accounts.roles import Role

VIEW_SURVEY = "surveys.view_survey"
CHANGE_SURVEY = "surveys.change_survey"
APPROVE_SURVEY = "surveys.approve_survey"

_WRITERS = ((Role.EDITOR, Reach.OWN), (Role.REVIEWER, Reach.OWN), (Role.LEADER, Reach.OWN))

RULES = {
    VIEW_SURVEY: _g(*_WRITERS, (Role.CITY_SUPERVISOR, Reach.SUBTREE)),
    CHANGE_SURVEY: _g(*_WRITERS),
    APPROVE_SURVEY: _g((Role.REVIEWER, Reach.OWN), (Role.LEADER, Reach.OWN)),
}

DJANGO_PERMS = {
    "surveys.view_survey": VIEW_SURVEY,
    "surveys.change_survey": CHANGE_SURVEY,
}
