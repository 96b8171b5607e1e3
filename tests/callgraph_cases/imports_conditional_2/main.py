from config import parse

print(parse('Name = "x"'))
