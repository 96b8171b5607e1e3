"""Order placement, cancellation and fulfilment."""
import secrets
from datetime import timedelta

from flask import current_app

from ..cart.services import CartLine, CartService
from ..catalog.services import invalidate_product as drop_cached_product
from ..common import BaseService, Conflict, NotFound
from ..common.pricing import compute_totals
from ..extensions import db
from ..models import Address, Order, OrderItem, Product, User, utcnow


class OrderService(BaseService):
    def place_order(self, user: User, address_id: int | None = None) -> Order:
        cart_service = CartService(user.id)
        lines = cart_service.lines()
        if not lines:
            raise Conflict("Your cart is empty")
        address = self._shipping_address(user, address_id)
        products = self._lock_products([line.product_id for line in lines])
        self._check_stock(lines, products)

        coupon = cart_service.coupon()
        totals = compute_totals(
            ((line.unit_price_cents, line.quantity) for line in lines),
            coupon=coupon,
            tax_rate=current_app.config["TAX_RATE"],
        )
        order = Order(
            number=self._next_number(),
            user_id=user.id,
            status=Order.STATUS_PENDING,
            subtotal_cents=totals.subtotal,
            discount_cents=totals.discount,
            tax_cents=totals.tax,
            shipping_cents=totals.shipping,
            total_cents=totals.total,
            coupon_code=coupon.code if coupon else None,
            shipping_address=address.to_dict(),
        )
        db.session.add(order)
        for line in lines:
            product = products[line.product_id]
            db.session.add(
                OrderItem(
                    order=order,
                    product_id=product.id,
                    sku=product.sku,
                    name=product.name,
                    unit_price_cents=product.price_cents,
                    quantity=line.quantity,
                )
            )
            product.stock -= line.quantity
        if coupon is not None:
            coupon.times_redeemed += 1
        cart_service.clear()
        self.commit()

        for product_id in products:
            drop_cached_product(product_id)
        return order

    def list_for_user(self, user_id: int, status: str | None = None):
        query = Order.query.filter_by(user_id=user_id)
        if status:
            query = query.filter_by(status=status)
        return query.order_by(Order.created_at.desc())

    def get_for_user(self, user_id: int, order_id: int) -> Order:
        order = self.get_or_404(Order, order_id)
        if order.user_id != user_id:
            raise NotFound(f"Order {order_id} not found")
        return order

    def cancel(self, order: Order, reason: str) -> Order:
        if not order.can_cancel():
            raise Conflict(f"An order that is {order.status} cannot be cancelled")
        order.status = Order.STATUS_CANCELLED
        order.cancel_reason = reason[:200]
        self._restock(order)
        self.commit()
        for item in order.items:
            drop_cached_product(item.product_id)
        return order

    def mark_shipped(self, order_id: int, tracking_number: str) -> Order:
        order: Order = self.get_or_404(Order, order_id)
        if order.status != Order.STATUS_PAID:
            raise Conflict("Only paid orders can be shipped")
        order.status = Order.STATUS_SHIPPED
        order.tracking_number = tracking_number
        order.shipped_at = utcnow()
        self.commit()
        return order

    def release_stale(self, older_than: timedelta) -> int:
        cutoff = utcnow() - older_than
        stale = (
            Order.query.filter(Order.status == Order.STATUS_PENDING, Order.created_at < cutoff)
            .order_by(Order.id)
            .all()
        )
        for order in stale:
            self.cancel(order, "Payment not received in time")
        return len(stale)

    def _restock(self, order: Order) -> None:
        for item in order.items:
            Product.query.filter_by(id=item.product_id).update(
                {Product.stock: Product.stock + item.quantity}
            )

    def _shipping_address(self, user: User, address_id: int | None) -> Address:
        query = Address.query.filter_by(user_id=user.id)
        if address_id is not None:
            address = query.filter_by(id=address_id).first()
        else:
            address = query.order_by(Address.is_default.desc(), Address.id).first()
        if address is None:
            raise Conflict("Add a shipping address before checking out")
        return address

    @staticmethod
    def _lock_products(product_ids: list[int]) -> dict[int, Product]:
        rows = Product.query.filter(Product.id.in_(product_ids)).with_for_update().all()
        return {product.id: product for product in rows}

    @staticmethod
    def _check_stock(lines: list[CartLine], products: dict[int, Product]) -> None:
        short = [
            line.sku for line in lines
            if line.product_id not in products or products[line.product_id].stock < line.quantity
        ]
        if short:
            raise Conflict("Some items are no longer available", skus=short)

    @staticmethod
    def _next_number() -> str:
        return f"SO-{utcnow():%Y%m%d}-{secrets.token_hex(3).upper()}"
