_DATA = {"a": "alpha"}


def fetch(key):
    return _lookup(key) or "missing"


def _lookup(key):
    return _DATA.get(key)
