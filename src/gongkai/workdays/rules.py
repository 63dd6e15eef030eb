"""Permission rules of the working-day calendar: only the system administrator edits it."""

from gongkai.accounts.permissions import Grant, Reach
from gongkai.accounts.roles import Role

SYSTEM_ADMIN_ONLY = (Grant(Role.SYSTEM_ADMIN, Reach.GLOBAL),)

RULES = {
    "workdays.view_calendar": SYSTEM_ADMIN_ONLY,
    "workdays.change_calendar": SYSTEM_ADMIN_ONLY,
}

DJANGO_PERMS = {
    "workdays.view_calendaroverride": "workdays.view_calendar",
    "workdays.add_calendaroverride": "workdays.change_calendar",
    "workdays.change_calendaroverride": "workdays.change_calendar",
    "workdays.delete_calendaroverride": "workdays.change_calendar",
}
