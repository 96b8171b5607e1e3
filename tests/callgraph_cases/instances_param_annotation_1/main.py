class Repository:
    def __init__(self):
        self.rows = []

    def save(self, row):
        self.rows.append(row)
        return len(self.rows)


class Service:
    def register(self, repo: Repository, name: str) -> int:
        return repo.save({"name": name})


def register_many(repo: Repository, names):
    return [repo.save({"name": n}) for n in names]


repo = Repository()
service = Service()
print(service.register(repo, "ada"), register_many(repo, ["bob"]))
