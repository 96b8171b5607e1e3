def positive(method):
    def checked(self, amount):
        if amount <= 0:
            raise ValueError(amount)
        return method(self, amount)

    return checked


class Wallet:
    def __init__(self):
        self.total = 0

    @positive
    def add(self, amount):
        self.total += amount
        return self.total


wallet = Wallet()
wallet.add(5)
try:
    wallet.add(-1)
except ValueError:
    pass
print(wallet.total)
