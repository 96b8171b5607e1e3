def by_length(word):
    return len(word)


def by_points(pair):
    _, points = pair
    return -points


words = ["pear", "fig", "banana"]
print(sorted(words, key=by_length), max(words, key=by_length))
players = [("ann", 3), ("bob", 7)]
players.sort(key=by_points)
print(players)
