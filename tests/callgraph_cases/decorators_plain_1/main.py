COMMANDS = {}


def command(func):
    COMMANDS[func.__name__] = func
    return func


@command
def start():
    return "starting"


@command
def stop():
    return "stopping"


print(start(), stop(), sorted(COMMANDS))
