from .core.session import connect
