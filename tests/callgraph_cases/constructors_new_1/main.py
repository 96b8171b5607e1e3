class Singleton:
    _instance = None

    def __new__(cls):
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __init__(self):
        self.calls = getattr(self, "calls", 0) + 1


a = Singleton()
b = Singleton()
print(a is b, b.calls)
