import asyncio


async def load_user(uid):
    await asyncio.sleep(0)
    return {"id": uid}


async def load_orders(uid):
    await asyncio.sleep(0)
    return [uid * 10]


def merge(user, orders):
    return {**user, "orders": orders}


async def load_profile(uid):
    user, orders = await asyncio.gather(load_user(uid), load_orders(uid))
    return merge(user, orders)


print(asyncio.run(load_profile(7)))
