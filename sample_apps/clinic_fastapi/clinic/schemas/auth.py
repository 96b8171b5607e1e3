"""Users and tokens."""
from typing import Literal

from pydantic import BaseModel, ConfigDict, EmailStr, Field

Role = Literal["admin", "doctor", "reception"]


class UserOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    email: EmailStr
    full_name: str
    role: Role
    active: bool = True


class UserCreate(BaseModel):
    email: EmailStr
    full_name: str = Field(min_length=2, max_length=120)
    password: str = Field(min_length=12)
    role: Role = "reception"


class Token(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int
