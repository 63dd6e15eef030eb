"""Who may see and steer the self-inspection: a bureau's staff see their bureau's results, the government
reviewer the bureaus it reviews, the city supervisor every bureau of its subtree; the city supervisor runs
it on demand and edits the rules (thresholds and points), as does the system administrator."""

from gongkai.accounts.permissions import Reach, _g
from gongkai.accounts.roles import Role

VIEW_RESULT = "site_inspection.view_result"
RUN = "site_inspection.run_inspection"
CHANGE_RULE = "site_inspection.change_rule"

RULES = {
    VIEW_RESULT: _g(
        (Role.EDITOR, Reach.OWN),
        (Role.REVIEWER, Reach.OWN),
        (Role.LEADER, Reach.OWN),
        (Role.GOV_REVIEWER, Reach.REVIEWED),
        (Role.CITY_SUPERVISOR, Reach.SUBTREE),
    ),
    RUN: _g((Role.CITY_SUPERVISOR, Reach.SUBTREE)),
    CHANGE_RULE: _g((Role.CITY_SUPERVISOR, Reach.SUBTREE), (Role.SYSTEM_ADMIN, Reach.GLOBAL)),
}
