class Vector:
    def __init__(self, x, y):
        self.x, self.y = x, y

    @staticmethod
    def dot(a, b):
        return a.x * b.x + a.y * b.y

    @staticmethod
    def _sqrt(value):
        return value ** 0.5

    def norm(self):
        return Vector._sqrt(self.dot(self, self))


v = Vector(3, 4)
print(v.norm(), Vector.dot(v, Vector(1, 0)))
