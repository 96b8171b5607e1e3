class Temperature:
    def __init__(self, celsius):
        self.celsius = celsius

    @classmethod
    def from_fahrenheit(cls, fahrenheit):
        return cls(cls.to_celsius(fahrenheit))

    @classmethod
    def to_celsius(cls, fahrenheit):
        return (fahrenheit - 32) * 5 / 9

    def describe(self):
        return f"{self.celsius:.1f}C"


boiling = Temperature.from_fahrenheit(212)
room = Temperature(21.5)
print(boiling.celsius, room.describe())
