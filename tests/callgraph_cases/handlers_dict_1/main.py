def on_create(payload):
    return f"created {payload}"


def on_delete(payload):
    return f"deleted {payload}"


HANDLERS = {"create": on_create, "delete": on_delete}


def dispatch(event, payload):
    return HANDLERS[event](payload)


for event in ("create", "delete"):
    print(dispatch(event, 42))
