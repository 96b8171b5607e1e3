REGISTRY = {}


def register(cls):
    REGISTRY[cls.__name__.lower()] = cls
    return cls


@register
class Csv:
    def export(self, rows):
        return "\n".join(",".join(str(c) for c in row) for row in rows)


@register
class Tsv:
    def export(self, rows):
        return "\n".join("\t".join(str(c) for c in row) for row in rows)


csv = Csv()
tsv = Tsv()
print(csv.export([(1, 2)]), tsv.export([(3, 4)]), sorted(REGISTRY))
