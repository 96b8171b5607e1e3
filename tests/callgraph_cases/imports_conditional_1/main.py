import codec

print(codec.sign(b"hello"))
