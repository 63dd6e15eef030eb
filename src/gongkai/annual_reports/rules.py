"""Who may do what with annual disclosure reports: the actions this app adds to the permission module.

A bureau's editors, reviewers and leader prepare its report; a reviewer or the leader of the same bureau
approves it for publication, never a version they changed or submitted (four eyes, `services.report_approve`);
the city supervisor reads the reports of its subtree.
"""

from gongkai.accounts.permissions import Reach, _g
from gongkai.accounts.roles import Role

VIEW_REPORT = "annual_reports.view_report"
CHANGE_REPORT = "annual_reports.change_report"
APPROVE_REPORT = "annual_reports.approve_report"

_WRITERS = ((Role.EDITOR, Reach.OWN), (Role.REVIEWER, Reach.OWN), (Role.LEADER, Reach.OWN))

RULES = {
    VIEW_REPORT: _g(*_WRITERS, (Role.CITY_SUPERVISOR, Reach.SUBTREE)),
    CHANGE_REPORT: _g(*_WRITERS),
    APPROVE_REPORT: _g((Role.REVIEWER, Reach.OWN), (Role.LEADER, Reach.OWN)),
}

DJANGO_PERMS = {
    "annual_reports.view_annualreport": VIEW_REPORT,
    "annual_reports.change_annualreport": CHANGE_REPORT,
}
