class Rectangle:
    def __init__(self, w, h):
        self.w, self.h = w, h

    @property
    def area(self):
        return self.w * self.h

    @property
    def is_square(self):
        return self._close(self.w, self.h)

    def _close(self, a, b):
        return abs(a - b) < 1e-9


rect = Rectangle(2, 3)
print(rect.area, rect.is_square)
