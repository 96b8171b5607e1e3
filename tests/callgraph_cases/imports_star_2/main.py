from mathx import *

print(mean(scale([1, 2, 3], 2)))
