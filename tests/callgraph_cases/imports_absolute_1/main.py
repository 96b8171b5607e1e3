import util
from util import normalize

title = "  Hello World  "
print(util.slugify(title))
print(normalize(title))
