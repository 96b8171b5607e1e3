import threading

results = []
lock = threading.Lock()


def compute(n):
    return n * 10


def worker(n):
    value = compute(n)
    with lock:
        results.append(value)


threads = [threading.Thread(target=worker, args=(i,)) for i in range(3)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(sorted(results))
