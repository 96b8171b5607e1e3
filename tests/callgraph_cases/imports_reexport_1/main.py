import pkg

print(pkg.fetch("a"), pkg.fetch("z"))
