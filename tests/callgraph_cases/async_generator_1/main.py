import asyncio


def label(i):
    return f"tick-{i}"


async def ticks(n):
    for i in range(n):
        await asyncio.sleep(0)
        yield label(i)


async def collect():
    return [t async for t in ticks(3)]


print(asyncio.run(collect()))
