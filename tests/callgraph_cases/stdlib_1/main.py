import json
import os.path
from collections import Counter
from pathlib import Path


def word_counts(text):
    return Counter(text.split())


def describe(path):
    p = Path(path)
    return {"name": p.name, "ext": os.path.splitext(path)[1], "parent": str(p.parent)}


counts = word_counts("a b a")
print(json.dumps(describe("/tmp/x.txt")), counts.most_common(1))
