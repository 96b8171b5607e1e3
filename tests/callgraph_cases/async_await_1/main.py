import asyncio


def decode(key):
    return key.upper()


async def fetch(key):
    await asyncio.sleep(0)
    return decode(key)


async def main():
    a = await fetch("a")
    b = await fetch("b")
    print(a + b)


asyncio.run(main())
