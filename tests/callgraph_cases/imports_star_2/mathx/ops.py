def add(a, b):
    return a + b


def mul(a, b):
    return a * b


def scale(xs, k):
    return [mul(x, k) for x in xs]
