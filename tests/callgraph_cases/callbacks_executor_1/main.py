from concurrent.futures import ThreadPoolExecutor


def download(url):
    return f"<html from {url}>"


def parse(html):
    return len(html)


urls = ["a", "b"]
with ThreadPoolExecutor(max_workers=2) as pool:
    futures = [pool.submit(download, u) for u in urls]
    pages = [f.result() for f in futures]
    sizes = list(pool.map(parse, pages))
print(sizes)
