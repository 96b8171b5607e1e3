class Animal:
    def __init__(self, name):
        self.name = name

    def speak(self):
        return f"{self.name} makes a sound"


class Dog(Animal):
    def __init__(self, name, breed):
        super().__init__(name)
        self.breed = breed

    def speak(self):
        base = super().speak()
        return base + " (woof)"


dog = Dog("Rex", "lab")
print(dog.speak())
