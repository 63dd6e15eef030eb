"""The approval chain of a new-media application (pure): bureau leader → government review office → city.

The city step is taken when the platform is configured for it (settings.GONGKAI["NEW_MEDIA_CITY_APPROVAL"])
and the bureau sits under a city bureau (the city bureau's own accounts end at its review office, the city
government's office).
"""

from __future__ import annotations

BUREAU, REVIEW_OFFICE, CITY = "bureau", "review_office", "city"


def stages_for(*, has_parent: bool, city_step: bool) -> list[str]:
    return [BUREAU, REVIEW_OFFICE, *([CITY] if city_step and has_parent else [])]


def next_stage(stages: list[str], current: str) -> str | None:
    """The stage after `current`, or None when `current` is the last one."""
    index = stages.index(current)
    return stages[index + 1] if index + 1 < len(stages) else None
