"""Use cases of participation, one module per concept: `publication` (the four-eyes step shared by
everything public), `decisions` (the major decision catalog), `consultations` (consultations and the
adoption summary), `comments` (the public's comments, moderation, export), `hearings` (hearings, forums,
attendance, registrations, minutes)."""

# Each concept module registers its checks with `publication` on import: import them all.
from . import comments, consultations, decisions, hearings, publication  # noqa: E402, F401
