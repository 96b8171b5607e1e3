"""Personal and small-business bookkeeping: statements in, reconciled books out."""
from .models import BankLine, Entry, Match
from .store import LedgerStore

__version__ = "0.9.2"
__all__ = ["BankLine", "Entry", "LedgerStore", "Match", "__version__"]
