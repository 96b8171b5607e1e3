from ..util import clamp


class Slider:
    def __init__(self, lo, hi):
        self.lo, self.hi = lo, hi
        self.value = lo

    def set(self, value):
        self.value = clamp(value, self.lo, self.hi)
        return self.value
