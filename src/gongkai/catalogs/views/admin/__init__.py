"""Staff screens of the standard catalogs in the Wagtail admin (thin: forms → services), one module
per screen: overview.py (index, review queue, campaigns), catalog.py (one bureau's catalog and its
workflow steps), items.py (adopt, add, edit, remove, move items), review.py (the reviewer's
decision), versions.py (versions, history, comparison); common.py holds what they share.

Every screen asks the permission module: a catalog the user may not see is a 404 (a county
editor never learns that another county's catalog exists); a move the user may not make is
refused by the service (403).
"""
