def build(rows):
    from formatting import as_table
    from formatting import header as make_header

    return make_header() + as_table(rows)
