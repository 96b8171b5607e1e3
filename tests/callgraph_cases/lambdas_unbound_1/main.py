def score(word):
    return sum(ord(c) for c in word)


def rank(words):
    return sorted(words, key=lambda w: (score(w), w))


words = ["b", "a", "cc"]
print(rank(words))
print(list(map(lambda w: score(w) * 2, words)))
