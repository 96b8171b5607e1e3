"""Cart operations for one customer."""
from dataclasses import dataclass

from flask import current_app

from ..common import BaseService, Conflict, NotFound
from ..common.pricing import Totals, compute_totals
from ..extensions import db
from ..models import Cart, CartItem, Coupon, Product, utcnow

MAX_LINE_QUANTITY = 20


@dataclass(frozen=True)
class CartLine:
    item_id: int
    product_id: int
    sku: str
    name: str
    unit_price_cents: int
    quantity: int
    available: int


class CartService(BaseService):
    def __init__(self, user_id: int):
        self.user_id = user_id

    def get_cart(self) -> Cart | None:
        return Cart.query.filter_by(user_id=self.user_id).first()

    def get_or_create_cart(self) -> Cart:
        cart = self.get_cart()
        if cart is None:
            cart = Cart(user_id=self.user_id)
            db.session.add(cart)
            db.session.flush()
        return cart

    def lines(self) -> list[CartLine]:
        cart = self.get_cart()
        if cart is None:
            return []
        rows = (
            db.session.query(CartItem, Product)
            .join(Product, Product.id == CartItem.product_id)
            .filter(CartItem.cart_id == cart.id)
            .order_by(CartItem.id)
            .all()
        )
        return [
            CartLine(
                item_id=item.id,
                product_id=product.id,
                sku=product.sku,
                name=product.name,
                unit_price_cents=product.price_cents,
                quantity=item.quantity,
                available=product.stock if product.active else 0,
            )
            for item, product in rows
        ]

    def coupon(self) -> Coupon | None:
        cart = self.get_cart()
        if cart is None or not cart.coupon_code:
            return None
        coupon = Coupon.query.filter_by(code=cart.coupon_code).first()
        if coupon is None or not coupon.is_valid():
            return None
        return coupon

    def totals(self, lines: list[CartLine] | None = None) -> Totals:
        lines = self.lines() if lines is None else lines
        return compute_totals(
            ((line.unit_price_cents, line.quantity) for line in lines),
            coupon=self.coupon(),
            tax_rate=current_app.config["TAX_RATE"],
        )

    def add_product(self, product_id: int, quantity: int = 1) -> CartItem:
        if quantity < 1:
            raise Conflict("Quantity must be at least 1")
        product = self.get_or_404(Product, product_id)
        if not product.active:
            raise NotFound(f"Product {product_id} not found")
        cart = self.get_or_create_cart()
        item = CartItem.query.filter_by(cart_id=cart.id, product_id=product_id).first()
        new_quantity = quantity + (item.quantity if item else 0)
        self._check_quantity(product, new_quantity)
        if item is None:
            item = CartItem(cart_id=cart.id, product_id=product_id, quantity=new_quantity)
            db.session.add(item)
        else:
            item.quantity = new_quantity
        cart.updated_at = utcnow()
        self.commit()
        return item

    def set_quantity(self, item_id: int, quantity: int) -> CartItem | None:
        item = self._own_item(item_id)
        if quantity <= 0:
            db.session.delete(item)
            self.commit()
            return None
        self._check_quantity(item.product, quantity)
        item.quantity = quantity
        self.commit()
        return item

    def remove_item(self, item_id: int) -> None:
        item = self._own_item(item_id)
        db.session.delete(item)
        self.commit()

    def apply_coupon(self, code: str) -> Coupon:
        coupon = Coupon.query.filter_by(code=code.strip().upper()).first()
        if coupon is None or not coupon.is_valid():
            raise Conflict("This coupon is not valid")
        cart = self.get_or_create_cart()
        cart.coupon_code = coupon.code
        self.commit()
        return coupon

    def clear(self) -> None:
        cart = self.get_cart()
        if cart is None:
            return
        CartItem.query.filter_by(cart_id=cart.id).delete()
        cart.coupon_code = None

    def _own_item(self, item_id: int) -> CartItem:
        item = (
            CartItem.query.join(Cart)
            .filter(CartItem.id == item_id, Cart.user_id == self.user_id)
            .first()
        )
        if item is None:
            raise NotFound(f"Cart item {item_id} not found")
        return item

    @staticmethod
    def _check_quantity(product: Product, quantity: int) -> None:
        if quantity > MAX_LINE_QUANTITY:
            raise Conflict(f"At most {MAX_LINE_QUANTITY} of one product per order")
        if quantity > product.stock:
            raise Conflict("Not enough stock", available=product.stock)
