import math

__all__ = ["circle_area", "square_area"]


def circle_area(r):
    return math.pi * _sq(r)


def square_area(side):
    return _sq(side)


def _sq(x):
    return x * x
