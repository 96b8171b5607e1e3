from .ops import *
from .stats import mean
