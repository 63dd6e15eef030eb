"""Who may do what with catalogs; registered into accounts.permissions at start-up.

- the bureau's editor compiles the catalog and submits it (the leader in charge may submit too);
- once approved, a reviewer or the leader of the same bureau who is none of its authors publishes it
  (four eyes: services.catalog_publish asks permissions.require_four_eyes);
- the government reviewer of the bureau's review office (Reach.REVIEWED) returns or approves;
- the city supervisor sees every catalog below the city (read-only) and sets campaigns;
- the system administrator loads guideline catalogs.
"""

from gongkai.accounts.permissions import Grant, Reach
from gongkai.accounts.roles import Role

_STAFF = (Role.EDITOR, Role.REVIEWER, Role.LEADER)


def _g(*pairs):
    return tuple(Grant(role, reach) for role, reach in pairs)


RULES = {
    "catalogs.view_catalog": _g(
        *((role, Reach.OWN) for role in _STAFF),
        (Role.GOV_REVIEWER, Reach.REVIEWED),
        (Role.CITY_SUPERVISOR, Reach.SUBTREE),
    ),
    "catalogs.change_catalog": _g((Role.EDITOR, Reach.OWN)),
    "catalogs.submit_catalog": _g((Role.EDITOR, Reach.OWN), (Role.LEADER, Reach.OWN)),
    "catalogs.review_catalog": _g((Role.GOV_REVIEWER, Reach.REVIEWED)),
    "catalogs.publish_catalog": _g((Role.REVIEWER, Reach.OWN), (Role.LEADER, Reach.OWN)),
    "catalogs.manage_campaign": _g((Role.CITY_SUPERVISOR, Reach.OWN)),
    "catalogs.manage_guideline": _g((Role.SYSTEM_ADMIN, Reach.GLOBAL)),
}

DJANGO_PERMS = {
    "catalogs.add_campaign": "catalogs.manage_campaign",
    "catalogs.change_campaign": "catalogs.manage_campaign",
    "catalogs.view_campaign": "catalogs.manage_campaign",
}
