from shop.pricing import final_price

print(final_price(10))
