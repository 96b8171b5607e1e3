"""Account management."""
import re

from ..common import APIError, BaseService, Conflict, Unauthorized
from ..extensions import db
from ..models import Address, User, utcnow

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", re.IGNORECASE)
ADDRESS_FIELDS = ("label", "line1", "line2", "city", "postcode", "country")


def normalise_email(email: str) -> str:
    email = (email or "").strip().lower()
    if not EMAIL_RE.match(email):
        raise APIError("Enter a valid e-mail address", field="email")
    return email


def validate_password(password: str) -> None:
    if len(password or "") < 10:
        raise APIError("Passwords need at least 10 characters", field="password")
    if password.isdigit() or password.isalpha():
        raise APIError("Use letters and digits in your password", field="password")


class UserService(BaseService):
    def register(self, email: str, password: str, full_name: str = "", role: str = "customer") -> User:
        email = normalise_email(email)
        if User.query.filter_by(email=email).first() is not None:
            raise Conflict("An account with this e-mail already exists")
        validate_password(password)
        user = User(email=email, full_name=full_name.strip(), role=role)
        user.set_password(password)
        db.session.add(user)
        self.commit()
        return user

    def authenticate(self, email: str, password: str) -> User:
        user = User.query.filter_by(email=(email or "").strip().lower()).first()
        if user is None or not user.active or not user.check_password(password):
            raise Unauthorized("Wrong e-mail or password")
        user.last_login_at = utcnow()
        self.commit()
        return user

    def add_address(self, user: User, data: dict) -> Address:
        missing = [f for f in ("line1", "city", "postcode", "country") if not data.get(f)]
        if missing:
            raise APIError("Missing address fields", fields=missing)
        make_default = bool(data.get("is_default")) or not Address.query.filter_by(user_id=user.id).count()
        if make_default:
            Address.query.filter_by(user_id=user.id).update({"is_default": False})
        address = Address(
            user_id=user.id,
            is_default=make_default,
            **{f: str(data[f]).strip() for f in ADDRESS_FIELDS if data.get(f)},
        )
        address.country = address.country.upper()
        db.session.add(address)
        self.commit()
        return address

    def list_addresses(self, user: User) -> list[Address]:
        return Address.query.filter_by(user_id=user.id).order_by(Address.id).all()
