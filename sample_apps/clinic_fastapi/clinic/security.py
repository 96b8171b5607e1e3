"""Password hashing, access tokens and the current-user dependencies."""
import hashlib
import hmac
import secrets
import time
from datetime import datetime, timedelta, timezone
from typing import Annotated

import jwt
from fastapi import Depends, HTTPException, status
from fastapi.security import OAuth2PasswordBearer

from .config import get_settings
from .db import DbConn
from .repositories.users import UserRepository
from .schemas import UserOut

PBKDF2_ROUNDS = 390_000
LOCKOUT_WINDOW_SECONDS = 15 * 60

oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/api/v1/auth/token")

# Tokens revoked by logout, until they expire. Per process, which is fine for one instance.
_revoked_tokens: dict[str, float] = {}
# Recent failed sign-ins per e-mail, for a simple lockout.
_failed_logins: dict[str, list[float]] = {}


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, PBKDF2_ROUNDS)
    return f"pbkdf2_sha256${PBKDF2_ROUNDS}${salt.hex()}${digest.hex()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        _, rounds, salt_hex, digest_hex = stored.split("$")
    except ValueError:
        return False
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), bytes.fromhex(salt_hex), int(rounds))
    return hmac.compare_digest(digest.hex(), digest_hex)


def create_access_token(user_id: int, role: str) -> tuple[str, int]:
    settings = get_settings()
    ttl = settings.token_ttl_minutes * 60
    expires = datetime.now(timezone.utc) + timedelta(seconds=ttl)
    claims = {"sub": str(user_id), "role": role, "exp": expires, "jti": secrets.token_hex(8)}
    return jwt.encode(claims, settings.secret_key, algorithm="HS256"), ttl


def decode_access_token(token: str) -> dict:
    try:
        return jwt.decode(token, get_settings().secret_key, algorithms=["HS256"])
    except jwt.PyJWTError:
        raise HTTPException(
            status_code=status.HTTP_401_UNAUTHORIZED,
            detail="Invalid or expired token",
            headers={"WWW-Authenticate": "Bearer"},
        ) from None


def revoke_token(token: str) -> None:
    claims = decode_access_token(token)
    now = time.time()
    for jti, expiry in list(_revoked_tokens.items()):
        if expiry < now:
            del _revoked_tokens[jti]
    _revoked_tokens[claims["jti"]] = float(claims["exp"])


def too_many_failures(email: str) -> bool:
    cutoff = time.time() - LOCKOUT_WINDOW_SECONDS
    recent = [t for t in _failed_logins.get(email, []) if t > cutoff]
    _failed_logins[email] = recent
    return len(recent) >= get_settings().max_failed_logins


def record_login_attempt(email: str, success: bool) -> None:
    if success:
        _failed_logins.pop(email, None)
    else:
        _failed_logins.setdefault(email, []).append(time.time())


async def get_current_user(token: Annotated[str, Depends(oauth2_scheme)], db: DbConn) -> UserOut:
    claims = decode_access_token(token)
    if claims.get("jti") in _revoked_tokens:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "Token has been revoked")
    row = UserRepository(db).get(int(claims["sub"]))
    if row is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "Unknown user")
    return UserOut.model_validate(dict(row))


CurrentUser = Annotated[UserOut, Depends(get_current_user)]


def require_roles(*roles: str):
    async def checker(user: CurrentUser) -> UserOut:
        if user.role not in roles:
            raise HTTPException(status.HTTP_403_FORBIDDEN, f"Requires role: {', '.join(roles)}")
        return user

    return checker
