class Registry:
    def __init__(self):
        self.items = {}

    def add(self, key, value):
        self.items[key] = value

    def get(self, key):
        return self.items[key]


registry = Registry()
