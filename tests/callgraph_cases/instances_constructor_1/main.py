class Cache:
    def __init__(self):
        self.store = {}

    def get(self, key):
        return self.store.get(key)

    def put(self, key, value):
        self.store[key] = value


def warm():
    local = Cache()
    local.put("a", 1)
    return local.get("a")


cache = Cache()
cache.put("b", 2)
print(cache.get("b"), warm())
