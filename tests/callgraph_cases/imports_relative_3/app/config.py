_VALUES = {"debug": True}


def get(key, default=None):
    return _VALUES.get(key, default)
