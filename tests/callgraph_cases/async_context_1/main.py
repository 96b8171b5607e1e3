import asyncio


class Connection:
    def __init__(self, dsn):
        self.dsn = dsn
        self.open = False

    async def __aenter__(self):
        self.open = True
        return self

    async def __aexit__(self, exc_type, exc, tb):
        self.open = False
        return False

    async def query(self, sql):
        await asyncio.sleep(0)
        return [sql]


async def main():
    conn = Connection("db://")
    async with conn:
        rows = await conn.query("select 1")
    print(rows)


asyncio.run(main())
