import functools


def power(base, exp):
    return base ** exp


def squares(values):
    square = functools.partial(power, exp=2)
    return [square(v) for v in values]


print(squares([1, 2, 3]))
