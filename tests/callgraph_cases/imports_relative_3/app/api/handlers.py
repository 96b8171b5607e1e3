from .. import config
from .serializers import dump


def status():
    return dump({"debug": config.get("debug")})
