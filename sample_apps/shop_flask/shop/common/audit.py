"""Audit trail for staff actions."""
from ..extensions import db
from ..models import AuditLog, User


def record_audit(actor: User | None, action: str, target: str, **detail) -> AuditLog:
    entry = AuditLog(
        actor_id=actor.id if actor is not None else None,
        action=action,
        target=target,
        detail=detail,
    )
    db.session.add(entry)
    return entry
