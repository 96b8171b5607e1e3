class Ranker:
    def __init__(self, weights):
        self.weights = weights

    def weight(self, item):
        return self.weights.get(item, 0)

    def rank(self, items):
        return sorted(items, key=self.weight, reverse=True)


ranker = Ranker({"a": 1, "b": 5})
print(ranker.rank(["a", "b", "c"]))
