"""Sign-in, sign-out and staff accounts."""
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, status
from fastapi.security import OAuth2PasswordRequestForm

from ..db import DbConn
from ..repositories import UserRepository
from ..schemas import Token, UserCreate, UserOut
from ..security import (
    CurrentUser,
    create_access_token,
    hash_password,
    oauth2_scheme,
    record_login_attempt,
    require_roles,
    revoke_token,
    too_many_failures,
    verify_password,
)

router = APIRouter(tags=["auth"])


@router.post("/token", response_model=Token)
async def login(form: Annotated[OAuth2PasswordRequestForm, Depends()], db: DbConn) -> Token:
    email = form.username.strip().lower()
    if too_many_failures(email):
        raise HTTPException(status.HTTP_429_TOO_MANY_REQUESTS, "Too many failed attempts, try later")
    users = UserRepository(db)
    row = users.get_by_email(email)
    if row is None or not row["active"] or not verify_password(form.password, row["password_hash"]):
        record_login_attempt(email, success=False)
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "Wrong e-mail or password")
    record_login_attempt(email, success=True)
    users.touch_login(row["id"])
    token, ttl = create_access_token(row["id"], row["role"])
    return Token(access_token=token, expires_in=ttl)


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT)
async def logout(token: Annotated[str, Depends(oauth2_scheme)], user: CurrentUser) -> None:
    revoke_token(token)


@router.get("/me", response_model=UserOut)
async def me(user: CurrentUser) -> UserOut:
    return user


@router.post(
    "/users",
    response_model=UserOut,
    status_code=status.HTTP_201_CREATED,
    dependencies=[Depends(require_roles("admin"))],
)
def create_user(payload: UserCreate, db: DbConn) -> UserOut:
    users = UserRepository(db)
    if users.get_by_email(payload.email) is not None:
        raise HTTPException(status.HTTP_409_CONFLICT, "A user with this e-mail exists")
    user_id = users.create(payload.email, hash_password(payload.password), payload.full_name, payload.role)
    return UserOut(id=user_id, email=payload.email, full_name=payload.full_name, role=payload.role)
