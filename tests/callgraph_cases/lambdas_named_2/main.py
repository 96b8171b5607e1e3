def add(a, b):
    return a + b


def make_incrementer(step):
    inc = lambda x: add(x, step)
    return [inc(v) for v in range(3)]


print(make_incrementer(2))
