_REGISTRY = []


def register(name):
    _REGISTRY.append(name)


def names():
    return sorted(_REGISTRY)
