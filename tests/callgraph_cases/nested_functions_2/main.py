class Outer:
    class Inner:
        def __init__(self, v):
            self.v = v

        def double(self):
            return self.v * 2

    def make(self):
        inner = Outer.Inner(4)
        return inner.double()


def factory():
    def helper():
        def deepest():
            return "deep"

        return deepest()

    return helper()


outer = Outer()
print(outer.make(), factory())
