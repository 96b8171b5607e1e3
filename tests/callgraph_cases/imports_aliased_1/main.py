import geo.distance as dist

a, b = (0, 0), (3, 4)
print(dist.euclid(a, b), dist.manhattan(a, b))
