"""Who may do what with new-media accounts: the actions this app adds to the permission module.

A bureau's editors, reviewers and leader apply to open, change or close the bureau's accounts and record
posts; the leader approves the bureau's step (never an application they submitted: four eyes); the
government reviewer of the bureau's review office approves the second step; the city supervisor the
third, where the city step is configured (settings.GONGKAI["NEW_MEDIA_CITY_APPROVAL"]).
"""

from gongkai.accounts.permissions import Reach, _g
from gongkai.accounts.roles import Role

VIEW_ACCOUNT = "new_media.view_account"
APPLY = "new_media.apply_account"
APPROVE_BUREAU = "new_media.approve_bureau"
APPROVE_OFFICE = "new_media.approve_office"
APPROVE_CITY = "new_media.approve_city"
RECORD_POST = "new_media.record_post"

_STAFF = ((Role.EDITOR, Reach.OWN), (Role.REVIEWER, Reach.OWN), (Role.LEADER, Reach.OWN))

RULES = {
    VIEW_ACCOUNT: _g(*_STAFF, (Role.GOV_REVIEWER, Reach.REVIEWED), (Role.CITY_SUPERVISOR, Reach.SUBTREE)),
    APPLY: _g(*_STAFF),
    APPROVE_BUREAU: _g((Role.LEADER, Reach.OWN)),
    APPROVE_OFFICE: _g((Role.GOV_REVIEWER, Reach.REVIEWED)),
    APPROVE_CITY: _g((Role.CITY_SUPERVISOR, Reach.SUBTREE)),
    RECORD_POST: _g(*_STAFF),
}

DJANGO_PERMS = {"new_media.view_newmediaaccount": VIEW_ACCOUNT}

# The action each stage of the chain needs (chain.py names the stages).
STAGE_ACTIONS = {"bureau": APPROVE_BUREAU, "review_office": APPROVE_OFFICE, "city": APPROVE_CITY}
