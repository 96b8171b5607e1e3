class Cart:
    def __init__(self):
        self.items = []

    def add(self, sku, qty):
        self.items.append((sku, qty))

    def count(self):
        return sum(qty for _, qty in self.items)
