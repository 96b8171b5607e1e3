from tools import hashing

print(hashing.digest("abc")[:8])
