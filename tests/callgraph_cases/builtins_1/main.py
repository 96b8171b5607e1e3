def stats(values):
    if not isinstance(values, list):
        values = list(values)
    n = len(values)
    return {"n": n, "min": min(values), "max": max(values), "sum": sum(values)}


print(sorted(stats((3, 1, 2)).items()))
print(repr(abs(-2)), round(2.567, 1))
