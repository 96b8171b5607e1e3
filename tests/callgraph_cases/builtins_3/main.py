class AppError(Exception):
    def __init__(self, code, message):
        super().__init__(f"[{code}] {message}")
        self.code = code


def lookup(obj, name):
    if hasattr(obj, name) and callable(getattr(obj, name)):
        return name
    raise AppError(404, name)


try:
    lookup("text", "upper")
    lookup("text", "nope")
except AppError as err:
    print(err.code, str(err))
