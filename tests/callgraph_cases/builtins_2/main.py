def parse_pairs(text):
    pairs = []
    for i, chunk in enumerate(text.split(";")):
        key, value = chunk.split("=")
        pairs.append((str(i), key, int(value)))
    return pairs


def check(pairs):
    for _, key, value in pairs:
        if value < 0:
            raise ValueError(f"negative {key}")
    return dict((k, v) for _, k, v in pairs)


pairs = parse_pairs("a=1;b=2")
print(check(pairs), set(zip(range(2), "ab")))
try:
    check(parse_pairs("c=-1"))
except ValueError as err:
    print(type(err).__name__)
