import time


def default_timeout():
    return 30


def now():
    return time.time()


def connect(host, timeout=default_timeout(), started=now()):
    return host, timeout, started > 0


class Client:
    def __init__(self, retries=int("3")):
        self.retries = retries


client = Client()
print(connect("db")[:2], client.retries)
