def render(rows):
    return "\n".join(format_row(r) for r in rows)


def format_row(row):
    return " | ".join(str(c) for c in row)
