"""Offset pagination for SQLAlchemy queries, driven by ``?page=&per_page=``."""
from dataclasses import dataclass
from math import ceil
from typing import Any, Callable

from flask import request


@dataclass
class Page:
    items: list
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, ceil(self.total / self.per_page)) if self.per_page else 1

    def to_dict(self, serialize: Callable[[Any], dict]) -> dict:
        return {
            "items": [serialize(item) for item in self.items],
            "page": self.page,
            "per_page": self.per_page,
            "total": self.total,
            "pages": self.pages,
        }


def page_args(default_per_page: int = 20, max_per_page: int = 100) -> tuple[int, int]:
    page = request.args.get("page", 1, type=int) or 1
    per_page = request.args.get("per_page", default_per_page, type=int) or default_per_page
    return max(page, 1), min(max(per_page, 1), max_per_page)


def paginate(query, page: int, per_page: int) -> Page:
    total = query.order_by(None).count()
    items = query.limit(per_page).offset((page - 1) * per_page).all()
    return Page(items=items, page=page, per_page=per_page, total=total)
