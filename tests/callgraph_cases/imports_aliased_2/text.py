def tokenize(s):
    return s.split()


def count_words(s):
    return len(tokenize(s))
