import sys

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


def parse(text):
    data = tomllib.loads(text)
    return normalize(data)


def normalize(data):
    return {key.lower(): value for key, value in data.items()}
