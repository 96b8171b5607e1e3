"""Staff accounts."""
import sqlite3

from .base import BaseRepository, now_iso


class UserRepository(BaseRepository):
    table = "users"
    entity = "User"

    def get(self, user_id: int) -> sqlite3.Row | None:
        return self._one("SELECT * FROM users WHERE id = ? AND active = 1", (user_id,))

    def get_by_email(self, email: str) -> sqlite3.Row | None:
        return self._one("SELECT * FROM users WHERE email = ?", (email.lower(),))

    def create(self, email: str, password_hash: str, full_name: str, role: str) -> int:
        return self._insert(
            "INSERT INTO users (email, password_hash, full_name, role) VALUES (?, ?, ?, ?)",
            (email.lower(), password_hash, full_name, role),
        )

    def touch_login(self, user_id: int) -> None:
        self._execute("UPDATE users SET last_login_at = ? WHERE id = ?", (now_iso(), user_id))
