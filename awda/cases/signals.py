"""Signals other apps listen to (e.g. reintegration hands a departed case to its mission).

Receivers run inside the transition's transaction: if one fails, the transition is undone.
"""

from django.dispatch import Signal

# Sent after a transition is saved: kwargs case, action, actor.
case_transitioned = Signal()
