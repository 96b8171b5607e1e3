def strip(text):
    return text.strip()


def lower(text):
    return text.lower()


def collapse(text):
    return " ".join(text.split())


def clean(text):
    steps = [strip, lower, collapse]
    for i in range(len(steps)):
        text = steps[i](text)
    return text


print(clean("  Hello   World "))
