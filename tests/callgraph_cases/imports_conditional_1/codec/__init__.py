try:
    from ._speedups import checksum
except ImportError:
    from ._pure import checksum


def sign(payload):
    return payload, checksum(payload)
