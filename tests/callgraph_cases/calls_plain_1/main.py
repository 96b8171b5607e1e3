def parse(line):
    key, _, value = line.partition("=")
    return key.strip(), value.strip()


def is_comment(line):
    return line.lstrip().startswith("#")


def load(lines):
    return dict(parse(line) for line in lines if not is_comment(line))


config = load(["# comment", "a = 1", "b = 2"])
print(config)
