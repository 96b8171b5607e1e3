import functools
import time


def elapsed(name, start):
    return name, time.perf_counter() - start


def timed(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return func(*args, **kwargs)
        finally:
            elapsed(func.__name__, start)

    return wrapper


@timed
def compute(n):
    return sum(range(n))


print(compute(10), compute.__name__)
