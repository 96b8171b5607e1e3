from .api import connect
