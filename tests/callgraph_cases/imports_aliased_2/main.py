from text import count_words as wc, tokenize as split_words
import text as t

print(wc("a b c"), split_words("x y"), t.tokenize("z"))
