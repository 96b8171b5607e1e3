def step(n):
    return n + 1


def numbers(limit):
    n = 0
    while n < limit:
        yield n
        n = step(n)


def squares(seq):
    for x in seq:
        yield x * x


print(sum(squares(numbers(4))))
