import hashlib


def digest(data):
    return hashlib.sha256(_encode(data)).hexdigest()


def _encode(data):
    return data.encode() if isinstance(data, str) else data
