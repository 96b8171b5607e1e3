"""Bearer-token authentication and role checks for views."""
from functools import wraps

from flask import current_app, g, request
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from ..extensions import db
from ..models import User
from .errors import Forbidden, Unauthorized


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="auth-token")


def issue_token(user: User) -> str:
    return _serializer().dumps({"uid": user.id, "role": user.role})


def load_user_from_token(token: str) -> User | None:
    try:
        data = _serializer().loads(token, max_age=current_app.config["TOKEN_MAX_AGE"])
    except (SignatureExpired, BadSignature):
        return None
    user = db.session.get(User, data.get("uid"))
    if user is None or not user.active:
        return None
    return user


def _bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        return None
    return token.strip()


def login_required(view):
    @wraps(view)
    def wrapper(*args, **kwargs):
        token = _bearer_token()
        user = load_user_from_token(token) if token else None
        if user is None:
            raise Unauthorized("Authentication required")
        g.current_user = user
        return view(*args, **kwargs)

    return wrapper


def roles_required(*roles: str):
    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(*args, **kwargs):
            if g.current_user.role not in roles:
                raise Forbidden("You do not have access to this resource", required=list(roles))
            return view(*args, **kwargs)

        return wrapper

    return decorator


def current_user() -> User:
    return g.current_user
