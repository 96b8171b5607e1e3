import re


def slugify(text):
    text = normalize(text)
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def normalize(text):
    return text.strip().lower()
