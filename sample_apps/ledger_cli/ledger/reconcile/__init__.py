"""Bank-to-books reconciliation."""
from .engine import ReconcileResult, Reconciler
from .matching import MatchParams, match

__all__ = ["MatchParams", "ReconcileResult", "Reconciler", "match"]
