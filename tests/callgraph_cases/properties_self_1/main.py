class Order:
    def __init__(self, lines):
        self.lines = lines

    @property
    def subtotal(self):
        return sum(self.lines)

    @property
    def tax(self):
        return self.subtotal * 0.2


def total(order: Order):
    return order.subtotal + order.tax


print(total(Order([10, 20])))
