HOOKS = {}


def on(event):
    def decorator(func):
        HOOKS.setdefault(event, []).append(func)
        return func

    return decorator


@on("save")
def audit(record):
    return f"audit {record}"


@on("save")
def notify(record):
    return f"notify {record}"


print(audit("r1"), notify("r1"), len(HOOKS["save"]))
