from shapes import *

print(circle_area(1.0) + square_area(2.0))
