"""Append-only audit log of the commands that change the books."""
import getpass
import json
from datetime import datetime, timezone

from .stats import snapshot

AUDIT_LOG = "ledger-audit.log"


def log_event(action: str, **details) -> None:
    entry = {
        "at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "user": getpass.getuser(),
        "action": action,
        **details,
        "run": snapshot(),
    }
    with open(AUDIT_LOG, "a", encoding="utf-8") as fh:
        fh.write(json.dumps(entry, default=str, sort_keys=True) + "\n")
