class Transaction:
    def __enter__(self):
        self.begin()
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            self.commit()
        else:
            self.rollback()
        return True

    def begin(self):
        print("begin")

    def commit(self):
        print("commit")

    def rollback(self):
        print("rollback")


def transfer(fail):
    with Transaction():
        if fail:
            raise RuntimeError("boom")


transfer(False)
transfer(True)
