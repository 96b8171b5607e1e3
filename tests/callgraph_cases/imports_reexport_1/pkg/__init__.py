from .impl import fetch

__all__ = ["fetch"]
