class Multiplier:
    def __init__(self, factor):
        self.factor = factor

    def __call__(self, value):
        return self.apply(value)

    def apply(self, value):
        return value * self.factor


double = Multiplier(2)
print(double(21))
