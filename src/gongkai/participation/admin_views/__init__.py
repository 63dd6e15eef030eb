"""Staff screens of participation in the Wagtail admin, one module per concept: `consultations.py`
(consultations, comments, moderation, classification, export, adoption summary), `decisions.py` (decision
catalogs), `hearings.py` (hearings and forums), `review.py` (the one submit step and review screen for
everything that is published, four eyes) and `base.py` (the frame, look-ups and the index).

Thin: each screen asks the permission module what to show (something the user may not see is a 404) and
calls one service; the service refuses what the user may not do.
"""
