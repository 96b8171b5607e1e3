def pad(text, width=6):
    return text.rjust(width)


def build_formatter(prefix):
    def fmt(value):
        return prefix + pad(str(value))

    return fmt


def render(values):
    fmt = build_formatter("> ")
    return [fmt(v) for v in values]


print(render([1, 22]))
