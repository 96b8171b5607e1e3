def square(x):
    return x * x


def is_even(x):
    return x % 2 == 0


nums = range(6)
evens = list(filter(is_even, nums))
squares = list(map(square, evens))
print(squares)
