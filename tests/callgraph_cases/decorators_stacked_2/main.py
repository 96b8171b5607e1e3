ROUTES = {}
PUBLIC = set()


def route(path):
    def register(func):
        ROUTES[path] = func
        return func

    return register


def public(func):
    PUBLIC.add(func.__name__)
    return func


@public
@route("/health")
def health():
    return "ok"


print(health(), ROUTES["/health"] is health, sorted(PUBLIC))
