"""Who may do what in supervision: the actions this app adds to the permission module.

The city supervisor (市局办公室) sets campaigns, schemes and inspections, reviews the counties' plans and reports,
enters manual scores and drafts bulletins for every bureau below the city; a county's editors, reviewers and
leader file their own bureau's work plan, quarterly reports, leader activities and training records and see
their own bureau's figures. A bulletin is published by a reviewer or the leader of the city bureau who did not
draft it (four eyes).
"""

from gongkai.accounts.permissions import Reach, _g
from gongkai.accounts.roles import Role

VIEW = "supervision.view_supervision"
MANAGE = "supervision.manage_supervision"
FILE = "supervision.file_report"
REVIEW = "supervision.review_report"
PUBLISH_BULLETIN = "supervision.publish_bulletin"

_STAFF = ((Role.EDITOR, Reach.OWN), (Role.REVIEWER, Reach.OWN), (Role.LEADER, Reach.OWN))

RULES = {
    VIEW: _g(*_STAFF, (Role.CITY_SUPERVISOR, Reach.SUBTREE)),
    MANAGE: _g((Role.CITY_SUPERVISOR, Reach.SUBTREE)),
    FILE: _g(*_STAFF),
    REVIEW: _g((Role.CITY_SUPERVISOR, Reach.SUBTREE)),
    PUBLISH_BULLETIN: _g((Role.REVIEWER, Reach.OWN), (Role.LEADER, Reach.OWN)),
}
