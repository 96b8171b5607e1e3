"""Database models. Tables without ``__tablename__`` use Flask-SQLAlchemy's default name."""
from datetime import datetime, timezone

from werkzeug.security import check_password_hash, generate_password_hash

from .extensions import db


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def _jsonable(value):
    return value.isoformat() if isinstance(value, datetime) else value


class SerializeMixin:
    """``to_dict`` over the column names listed in ``__serialize__``."""

    __serialize__: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        return {name: _jsonable(getattr(self, name)) for name in self.__serialize__}


class TimestampMixin:
    created_at = db.Column(db.DateTime(timezone=True), default=utcnow, nullable=False)
    updated_at = db.Column(
        db.DateTime(timezone=True), default=utcnow, onupdate=utcnow, nullable=False
    )


class User(SerializeMixin, TimestampMixin, db.Model):
    __tablename__ = "users"
    __serialize__ = ("id", "email", "full_name", "role", "created_at")

    id = db.Column(db.Integer, primary_key=True)
    email = db.Column(db.String(255), unique=True, nullable=False, index=True)
    password_hash = db.Column(db.String(255), nullable=False)
    full_name = db.Column(db.String(120), nullable=False, default="")
    role = db.Column(db.String(20), nullable=False, default="customer")
    active = db.Column(db.Boolean, nullable=False, default=True)
    last_login_at = db.Column(db.DateTime(timezone=True))

    addresses = db.relationship("Address", back_populates="user", cascade="all, delete-orphan")
    orders = db.relationship("Order", back_populates="user", lazy="dynamic")

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)


class Address(SerializeMixin, db.Model):
    __serialize__ = ("id", "label", "line1", "line2", "city", "postcode", "country", "is_default")

    id = db.Column(db.Integer, primary_key=True)
    user_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=False, index=True)
    label = db.Column(db.String(40), nullable=False, default="home")
    line1 = db.Column(db.String(200), nullable=False)
    line2 = db.Column(db.String(200))
    city = db.Column(db.String(100), nullable=False)
    postcode = db.Column(db.String(20), nullable=False)
    country = db.Column(db.String(2), nullable=False)
    is_default = db.Column(db.Boolean, nullable=False, default=False)

    user = db.relationship("User", back_populates="addresses")


class Category(SerializeMixin, db.Model):
    __tablename__ = "categories"
    __serialize__ = ("id", "slug", "name", "parent_id")

    id = db.Column(db.Integer, primary_key=True)
    slug = db.Column(db.String(80), unique=True, nullable=False)
    name = db.Column(db.String(120), nullable=False)
    parent_id = db.Column(db.Integer, db.ForeignKey("categories.id"))

    parent = db.relationship("Category", remote_side=[id], backref="children")


class Product(SerializeMixin, TimestampMixin, db.Model):
    __tablename__ = "products"
    __serialize__ = ("id", "sku", "name", "description", "price_cents", "stock", "active")

    id = db.Column(db.Integer, primary_key=True)
    sku = db.Column(db.String(40), unique=True, nullable=False)
    name = db.Column(db.String(200), nullable=False)
    description = db.Column(db.Text, nullable=False, default="")
    price_cents = db.Column(db.Integer, nullable=False)
    stock = db.Column(db.Integer, nullable=False, default=0)
    active = db.Column(db.Boolean, nullable=False, default=True)
    category_id = db.Column(db.Integer, db.ForeignKey("categories.id"), index=True)

    category = db.relationship("Category")

    @property
    def in_stock(self) -> bool:
        return self.stock > 0

    def to_dict(self) -> dict:
        data = super().to_dict()
        data["category"] = self.category.slug if self.category else None
        return data


class Cart(TimestampMixin, db.Model):
    id = db.Column(db.Integer, primary_key=True)
    user_id = db.Column(db.Integer, db.ForeignKey("users.id"), unique=True, nullable=False)
    coupon_code = db.Column(db.String(40))

    items = db.relationship("CartItem", back_populates="cart", cascade="all, delete-orphan")


class CartItem(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    cart_id = db.Column(db.Integer, db.ForeignKey("cart.id"), nullable=False, index=True)
    product_id = db.Column(db.Integer, db.ForeignKey("products.id"), nullable=False)
    quantity = db.Column(db.Integer, nullable=False, default=1)

    cart = db.relationship("Cart", back_populates="items")
    product = db.relationship("Product")

    __table_args__ = (db.UniqueConstraint("cart_id", "product_id"),)


class Coupon(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    code = db.Column(db.String(40), unique=True, nullable=False)
    percent_off = db.Column(db.Integer)
    amount_off_cents = db.Column(db.Integer)
    expires_at = db.Column(db.DateTime(timezone=True))
    max_redemptions = db.Column(db.Integer)
    times_redeemed = db.Column(db.Integer, nullable=False, default=0)

    def is_valid(self, now: datetime | None = None) -> bool:
        now = now or utcnow()
        if self.expires_at is not None and self.expires_at <= now:
            return False
        if self.max_redemptions is not None and self.times_redeemed >= self.max_redemptions:
            return False
        return True


class Order(SerializeMixin, TimestampMixin, db.Model):
    __tablename__ = "orders"
    __serialize__ = (
        "id", "number", "status", "subtotal_cents", "discount_cents", "tax_cents",
        "shipping_cents", "total_cents", "coupon_code", "tracking_number", "created_at",
    )

    STATUS_PENDING = "pending"
    STATUS_PAID = "paid"
    STATUS_SHIPPED = "shipped"
    STATUS_CANCELLED = "cancelled"
    STATUS_REFUNDED = "refunded"

    id = db.Column(db.Integer, primary_key=True)
    number = db.Column(db.String(32), unique=True, nullable=False)
    user_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=False, index=True)
    status = db.Column(db.String(20), nullable=False, default=STATUS_PENDING, index=True)
    subtotal_cents = db.Column(db.Integer, nullable=False)
    discount_cents = db.Column(db.Integer, nullable=False, default=0)
    tax_cents = db.Column(db.Integer, nullable=False, default=0)
    shipping_cents = db.Column(db.Integer, nullable=False, default=0)
    total_cents = db.Column(db.Integer, nullable=False)
    coupon_code = db.Column(db.String(40))
    shipping_address = db.Column(db.JSON, nullable=False)
    tracking_number = db.Column(db.String(64))
    cancel_reason = db.Column(db.String(200))
    paid_at = db.Column(db.DateTime(timezone=True))
    shipped_at = db.Column(db.DateTime(timezone=True))
    confirmation_sent_at = db.Column(db.DateTime(timezone=True))

    user = db.relationship("User", back_populates="orders")
    items = db.relationship("OrderItem", back_populates="order", cascade="all, delete-orphan")
    payments = db.relationship("Payment", back_populates="order")

    def can_cancel(self) -> bool:
        return self.status == self.STATUS_PENDING

    def mark_paid(self, when: datetime | None = None) -> None:
        self.status = self.STATUS_PAID
        self.paid_at = when or utcnow()

    def to_dict(self, with_items: bool = False) -> dict:
        data = super().to_dict()
        if with_items:
            data["items"] = [item.to_dict() for item in self.items]
            data["shipping_address"] = self.shipping_address
        return data


class OrderItem(SerializeMixin, db.Model):
    __serialize__ = ("product_id", "sku", "name", "unit_price_cents", "quantity")

    id = db.Column(db.Integer, primary_key=True)
    order_id = db.Column(db.Integer, db.ForeignKey("orders.id"), nullable=False, index=True)
    product_id = db.Column(db.Integer, db.ForeignKey("products.id"), nullable=False)
    sku = db.Column(db.String(40), nullable=False)
    name = db.Column(db.String(200), nullable=False)
    unit_price_cents = db.Column(db.Integer, nullable=False)
    quantity = db.Column(db.Integer, nullable=False)

    order = db.relationship("Order", back_populates="items")


class Payment(SerializeMixin, TimestampMixin, db.Model):
    __tablename__ = "payments"
    __serialize__ = (
        "id", "order_id", "provider", "status", "amount_cents", "refunded_cents", "failure_reason",
    )

    id = db.Column(db.Integer, primary_key=True)
    order_id = db.Column(db.Integer, db.ForeignKey("orders.id"), nullable=False, index=True)
    provider = db.Column(db.String(20), nullable=False)
    provider_ref = db.Column(db.String(80), index=True)
    amount_cents = db.Column(db.Integer, nullable=False)
    refunded_cents = db.Column(db.Integer, nullable=False, default=0)
    status = db.Column(db.String(20), nullable=False, default="pending")
    failure_reason = db.Column(db.String(200))

    order = db.relationship("Order", back_populates="payments")


class AuditLog(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    actor_id = db.Column(db.Integer, db.ForeignKey("users.id"))
    action = db.Column(db.String(60), nullable=False)
    target = db.Column(db.String(120), nullable=False)
    detail = db.Column(db.JSON, nullable=False, default=dict)
    created_at = db.Column(db.DateTime(timezone=True), default=utcnow, nullable=False)
