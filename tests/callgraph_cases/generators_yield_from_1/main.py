def walk(tree):
    yield tree["name"]
    for child in tree.get("children", []):
        yield from walk(child)


def is_leaf_name(name):
    return name.startswith("leaf")


def leaves(tree):
    yield from (n for n in walk(tree) if is_leaf_name(n))


tree = {"name": "root", "children": [{"name": "leaf1"}, {"name": "mid", "children": [{"name": "leaf2"}]}]}
print(list(walk(tree)), list(leaves(tree)))
