from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from shop.cart import Cart


def fill(cart: "Cart", skus):
    for sku in skus:
        cart.add(sku, 1)
    return cart.count()
