from .registry import register, names
from . import builtin_plugins
