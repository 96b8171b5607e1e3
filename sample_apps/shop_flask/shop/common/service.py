"""Base class for the feature services: lookups that 404 and a commit that maps conflicts."""
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from .errors import Conflict, NotFound


class BaseService:
    def get_or_404(self, model, ident, message: str | None = None):
        obj = db.session.get(model, ident)
        if obj is None:
            raise NotFound(message or f"{model.__name__} {ident} not found")
        return obj

    def commit(self) -> None:
        try:
            db.session.commit()
        except IntegrityError as exc:
            db.session.rollback()
            raise Conflict("The change conflicts with existing data") from exc
