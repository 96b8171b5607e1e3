def process(event):
    return event.upper()


handler = lambda e: process(e)
square = lambda x: x * x


def run(events):
    results = [handler(e) for e in events]
    return results, square(len(results))


print(run(["a", "b"]))
