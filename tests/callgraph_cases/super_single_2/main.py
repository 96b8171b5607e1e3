class Base:
    def setup(self):
        return ["base"]


class Middle(Base):
    pass


class Leaf(Middle):
    def setup(self):
        return super().setup() + ["leaf"]


leaf = Leaf()
print(leaf.setup())
