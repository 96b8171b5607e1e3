from lib import connect
import lib.api

first = connect("db://x")
second = lib.api.connect("db://y")
print(first.url, second.url)
