import pkg.reports

rows = [(1, "a"), (2, "b")]
print(pkg.reports.render(rows))
