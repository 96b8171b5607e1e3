import sys


def join_path(base, name):
    return base.rstrip("/") + "/" + name


if sys.platform.startswith("win"):
    def config_dir(app):
        return join_path("C:/Users/AppData", app)
else:
    def config_dir(app):
        return join_path("~/.config", app)


print(config_dir("granular"))
