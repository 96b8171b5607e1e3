def header():
    return "== report ==\n"


def as_table(rows):
    return "\n".join(cell(r) for r in rows)


def cell(value):
    return f"[{value}]"
