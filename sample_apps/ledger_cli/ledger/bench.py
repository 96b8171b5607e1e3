"""Matching benchmark on synthetic statements: ``python -m ledger.bench --sizes 200 1000``."""
import argparse
import json
import random
from datetime import date, timedelta

from ledger.models import BankLine, Entry
from ledger.reconcile import MatchParams, match
from ledger.stats import snapshot, timed

RESULTS_PATH = "bench-results.json"
MERCHANTS = [
    "REWE Markt", "Lidl Dienstleistung", "DB Bahn Fernverkehr", "Stadtwerke Nord",
    "Vodafone GmbH", "Amazon EU", "Shell Station 114", "Apotheke am Markt", "Uber BV",
]


def synthetic(n: int, seed: int) -> tuple[list[BankLine], list[Entry]]:
    """``n`` book entries and their bank lines, with lagged dates, noisy text and some misses."""
    rng = random.Random(seed)
    start = date(2024, 1, 1)
    lines, entries = [], []
    for i in range(n):
        merchant = rng.choice(MERCHANTS)
        amount = -rng.randrange(100, 25_000) if rng.random() < 0.9 else rng.randrange(50_000, 400_000)
        posted = start + timedelta(days=rng.randrange(0, 330))
        entries.append(Entry("checking", posted, amount, merchant, id=i))
        if rng.random() < 0.93:
            noise = f"SEPA {merchant.upper()} REF{rng.randrange(10**6):06d}"
            booked = posted + timedelta(days=rng.choice((0, 0, 1, 1, 2, 3)))
            lines.append(BankLine("checking", booked, amount, noise, id=i))
    rng.shuffle(lines)
    return lines, entries


def run(sizes: list[int], seed: int) -> list[dict]:
    results = []
    for n in sizes:
        lines, entries = synthetic(n, seed)
        with timed(f"match.{n}"):
            matches = match(lines, entries, MatchParams(window_days=4, tolerance_cents=0))
        correct = sum(1 for m in matches if m.bank_line_id == m.entry_id)
        results.append({"size": n, "bank_lines": len(lines), "matched": len(matches), "correct": correct})
    timings = snapshot()["timings"]
    for row in results:
        row["seconds"] = timings[f"match.{row['size']}"]
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 500, 2000])
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    results = run(args.sizes, args.seed)
    with open(RESULTS_PATH, "w", encoding="utf-8") as fh:
        json.dump(results, fh, indent=2)
    for row in results:
        print(f"{row['size']:>6} entries  {row['matched']:>6}/{row['bank_lines']:<6} matched  "
              f"{row['correct']:>6} correct  {row['seconds']:8.3f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
