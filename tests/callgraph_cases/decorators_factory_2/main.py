def retry(times):
    def decorate(func):
        def wrapper(*args, **kwargs):
            for attempt in range(times):
                try:
                    return func(*args, **kwargs)
                except ConnectionError:
                    if attempt == times - 1:
                        raise

        return wrapper

    return decorate


calls = []


@retry(times=3)
def fetch(url):
    calls.append(url)
    if len(calls) < 2:
        raise ConnectionError("flaky")
    return "payload"


print(fetch("http://x"), len(calls))
