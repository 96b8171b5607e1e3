from textutil import format, input

answer = input("> ")
print(format(answer, 8), len(answer))
