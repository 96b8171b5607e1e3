class Session:
    def __init__(self, url):
        self.url = url


def connect(url):
    return Session(url)
