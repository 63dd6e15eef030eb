"""Who may do what with public inquiries (政务咨询/留言): the actions this app adds to the permission module.

A bureau's editors, reviewers and leader read and answer the inquiries addressed to their own bureau; a
reviewer or the leader of the same bureau approves an answer for the public, never one they wrote (four
eyes, `services.answer_approve`); the city supervisor reads the inquiries of its subtree (the late ones
show on its home page). The answer time of a bureau is set by its reviewer or leader.
"""

from gongkai.accounts.permissions import Reach, _g
from gongkai.accounts.roles import Role

VIEW_INQUIRY = "inquiries.view_inquiry"
ANSWER_INQUIRY = "inquiries.answer_inquiry"
APPROVE_ANSWER = "inquiries.approve_answer"
SET_POLICY = "inquiries.set_policy"

_WRITERS = ((Role.EDITOR, Reach.OWN), (Role.REVIEWER, Reach.OWN), (Role.LEADER, Reach.OWN))
_APPROVERS = ((Role.REVIEWER, Reach.OWN), (Role.LEADER, Reach.OWN))

RULES = {
    VIEW_INQUIRY: _g(*_WRITERS, (Role.CITY_SUPERVISOR, Reach.SUBTREE)),
    ANSWER_INQUIRY: _g(*_WRITERS),
    APPROVE_ANSWER: _g(*_APPROVERS),
    SET_POLICY: _g(*_APPROVERS),
}

DJANGO_PERMS = {
    "inquiries.view_inquiry": VIEW_INQUIRY,
    "inquiries.change_inquiry": ANSWER_INQUIRY,
}
