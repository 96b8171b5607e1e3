"""How alike a bank line and a book entry are, from 0.0 (unrelated) to 1.0 (identical)."""
import re
from datetime import date

_NOISE = re.compile(r"[^a-z ]+")
_STOPWORDS = frozenset({"sepa", "ref", "end", "to", "eref", "mref", "kref", "card", "pos", "gmbh", "ag"})

WEIGHT_AMOUNT = 0.5
WEIGHT_DATE = 0.2
WEIGHT_TEXT = 0.3


def token_set(text: str) -> frozenset[str]:
    words = _NOISE.sub(" ", text.lower()).split()
    return frozenset(w for w in words if len(w) > 2 and w not in _STOPWORDS)


def levenshtein(a: str, b: str) -> int:
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def description_similarity(a: str, b: str) -> float:
    ta, tb = token_set(a), token_set(b)
    jaccard = len(ta & tb) / len(ta | tb) if ta and tb else 0.0
    sa, sb = " ".join(sorted(ta)), " ".join(sorted(tb))
    longest = max(len(sa), len(sb))
    edit = 1.0 - levenshtein(sa, sb) / longest if longest else 0.0
    return max(jaccard, edit)


def amount_score(a_cents: int, b_cents: int, tolerance_cents: int) -> float:
    diff = abs(a_cents - b_cents)
    if diff == 0:
        return 1.0
    if diff > tolerance_cents:
        return 0.0
    return 1.0 - diff / (tolerance_cents + 1)


def date_score(a: date, b: date, window_days: int) -> float:
    gap = abs((a - b).days)
    if gap > window_days:
        return 0.0
    return 1.0 - gap / (window_days + 1)


def pair_score(line, entry, window_days: int, tolerance_cents: int) -> float:
    amount = amount_score(line.amount_cents, entry.amount_cents, tolerance_cents)
    when = date_score(line.booked_on, entry.posted_on, window_days)
    if amount == 0.0 or when == 0.0:
        return 0.0
    text = description_similarity(line.description, entry.description)
    return WEIGHT_AMOUNT * amount + WEIGHT_DATE * when + WEIGHT_TEXT * text
