class Invoice:
    def __init__(self, lines):
        self.lines = lines

    def amount(self):
        return total(self.lines)


def total(lines):
    return sum(price * qty for price, qty in lines)
