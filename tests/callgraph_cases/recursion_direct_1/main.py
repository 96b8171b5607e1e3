def factorial(n):
    return 1 if n <= 1 else n * factorial(n - 1)


def flatten(items):
    out = []
    for item in items:
        if isinstance(item, list):
            out.extend(flatten(item))
        else:
            out.append(item)
    return out


print(factorial(5), flatten([1, [2, [3]]]))
