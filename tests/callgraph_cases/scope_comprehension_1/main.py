def weight(x):
    return x * 2


def keep(x):
    return x % 3 != 0


def label(x):
    return f"n{x}"


def summarize(xs):
    as_list = [weight(x) for x in xs if keep(x)]
    as_set = {label(x) for x in xs}
    as_dict = {label(x): weight(x) for x in xs}
    return as_list, sorted(as_set), as_dict


print(summarize(range(5)))
total = sum(weight(x) for x in range(3))
