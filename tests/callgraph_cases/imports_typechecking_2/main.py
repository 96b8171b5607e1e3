from shop.cart import Cart
from shop.checkout import fill

print(fill(Cart(), ["a", "b"]))
