def format(value, width):
    return str(value).rjust(width)


def input(prompt):
    return prompt + "42"
