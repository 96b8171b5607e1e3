class Node:
    def __init__(self, value, children=()):
        self.value = value
        self.children = list(children)

    def total(self):
        return self.value + sum(child_total(c) for c in self.children)


def child_total(node: Node):
    return node.total()


tree = Node(1, [Node(2), Node(3, [Node(4)])])
print(tree.total())
