import re

from core.text import normalise_whitespace

_LINK = re.compile(r"https?://", re.IGNORECASE)
_BLOCKED_PHRASES = (
    "buy now",
    "limited offer",
    "work from home",
    "crypto giveaway",
    "click here",
)
MAX_LINKS = 2


def spam_score(body: str) -> int:
    text = normalise_whitespace(body).lower()
    score = 0
    links = len(_LINK.findall(text))
    if links > MAX_LINKS:
        score += 2 * (links - MAX_LINKS)
    score += sum(3 for phrase in _BLOCKED_PHRASES if phrase in text)
    if len(text) > 20 and text.upper() == text:
        score += 1
    return score


def looks_like_spam(body: str, threshold: int = 3) -> bool:
    return spam_score(body) >= threshold
