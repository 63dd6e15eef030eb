"""Signals of the records app: services announce, background work (tasks.py) listens, so that the
services never import the tasks that call them."""

from django.dispatch import Signal

# Sent (after commit) when records are scheduled for publication; keyword `at`: the publication time.
publication_scheduled = Signal()
