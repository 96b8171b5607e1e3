"""Reconciling one account: load unmatched items, match them, store the matches."""
from dataclasses import dataclass

from .. import stats
from ..store import LedgerStore
from .matching import MatchParams, match


@dataclass
class ReconcileResult:
    account: str
    bank_lines: int
    entries: int
    matched: int
    unmatched_amount_cents: int
    dry_run: bool

    @property
    def match_rate(self) -> float:
        return self.matched / self.bank_lines if self.bank_lines else 1.0


class Reconciler:
    def __init__(self, store: LedgerStore, params: MatchParams | None = None):
        self.store = store
        self.params = params or MatchParams()

    def run(self, account: str, dry_run: bool = False) -> ReconcileResult:
        lines = self.store.unmatched_bank_lines(account)
        entries = self.store.unreconciled_entries(account)
        with stats.timed("match"):
            matches = match(lines, entries, self.params)
        if not dry_run:
            self.store.save_matches(matches)
            stats.bump("matched", len(matches))
        return self._summarise(account, lines, entries, matches, dry_run)

    @staticmethod
    def _summarise(account, lines, entries, matches, dry_run) -> ReconcileResult:
        matched_ids = {m.bank_line_id for m in matches}
        open_amount = sum(abs(line.amount_cents) for line in lines if line.id not in matched_ids)
        return ReconcileResult(account, len(lines), len(entries), len(matches), open_amount, dry_run)
