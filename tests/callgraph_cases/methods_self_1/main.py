class Account:
    def __init__(self, balance):
        self.balance = balance

    def deposit(self, amount):
        self._check(amount)
        self.balance += amount

    def withdraw(self, amount):
        self._check(amount)
        self.balance -= min(amount, self.balance)

    def _check(self, amount):
        if amount <= 0:
            raise ValueError("amount must be positive")


acct = Account(10)
acct.deposit(5)
acct.withdraw(30)
try:
    acct.deposit(-1)
except ValueError:
    pass
print(acct.balance)
