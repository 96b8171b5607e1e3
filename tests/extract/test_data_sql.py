"""Raw SQL: tables read and written by statements handed to execute() and friends."""

from __future__ import annotations

from granularity.extract.data.sql_parse import tables_of

from .data_helpers import accesses

M = "pkg.mod"


def tables(src: str) -> set[tuple[str, str, str, str]]:
    return accesses(src, "table")


def test_statement_kinds() -> None:
    src = """
        def f(conn):
            conn.execute("INSERT INTO audit_log (x) VALUES (?)", (1,))
            conn.execute("UPDATE users SET name = %s WHERE id = %s", ("a", 1))
            conn.execute("DELETE FROM sessions WHERE expires < :now", {"now": 1})
            conn.execute("SELECT o.id FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.id = $1")
            conn.executescript("REPLACE INTO kv (k, v) VALUES ('a', 'b'); DROP TABLE IF EXISTS tmp")
    """
    assert tables(src) == {
        (f"{M}.f", "table", "audit_log", "write"),
        (f"{M}.f", "table", "users", "write"),
        (f"{M}.f", "table", "sessions", "write"),
        (f"{M}.f", "table", "orders", "read"),
        (f"{M}.f", "table", "customers", "read"),
        (f"{M}.f", "table", "kv", "write"),
        (f"{M}.f", "table", "tmp", "write"),
    }


def test_tables_of_statements() -> None:
    assert tables_of("WITH t AS (SELECT * FROM a) INSERT INTO b SELECT * FROM t") == (("a", "read"), ("b", "write"))
    assert tables_of('DELETE FROM public."Orders" WHERE id = 1') == (("orders", "write"),)
    assert tables_of("UPDATE a SET x = b.x FROM b WHERE a.id = b.id") == (("a", "write"), ("b", "read"))
    assert tables_of("MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN UPDATE SET v = s.v") == (
        ("s", "read"), ("t", "write"))
    assert tables_of("CREATE INDEX ix ON foo USING gin (doc jsonb_path_ops)") == (("foo", "write"),)
    assert tables_of("ALTER INDEX a_pkey RENAME TO b_pkey") == ()
    assert tables_of("SELECT * FROM information_schema.tables WHERE table_name = 'x'") == ()
    assert tables_of("select a dog") == ()
    assert tables_of("CREATE TABLE IF NOT EXISTS accounts (name TEXT)") == ()
    assert tables_of("CREATE INDEX IF NOT EXISTS ix ON accounts (name)") == ()
    assert tables_of("CREATE TABLE accounts (name TEXT)") == (("accounts", "write"),)


def test_constants_fstrings_and_text() -> None:
    src = """
        from sqlalchemy import text

        ORDERS_SQL = '''
            -- every order
            SELECT id FROM orders
        '''

        def g(db, cur, table, where):
            cur.execute(ORDERS_SQL)
            sql = "DELETE FROM carts WHERE stale"
            cur.execute(sql)
            cur.execute(f"UPDATE items SET qty = ? WHERE id = {where}")
            cur.execute(f"SELECT * FROM {table} WHERE id = 1")
            cur.execute(f"SELECT * FROM log_{table}")
            db.session.execute(text("select id from accounts where x = :x"), {"x": 1})
            cur.execute("SELECT * FROM payments WHERE id = %s" % where)
            cur.execute("SELECT * FROM {} WHERE a = 1".format(table))
    """
    scope = f"{M}.g"
    assert tables(src) == {
        (scope, "table", "orders", "read"),
        (scope, "table", "carts", "write"),
        (scope, "table", "items", "write"),
        (scope, "table", "accounts", "read"),
        (scope, "table", "payments", "read"),
    }


def test_repository_wrappers_with_upper_case_sql() -> None:
    src = '''
        DETAIL = """
        SELECT a.id FROM appointments a JOIN doctors d ON d.id = a.doctor_id
        """

        class Repo(Base):
            def get(self, pk):
                return self._one(DETAIL + " WHERE a.id = ?", (pk,))

            def create(self, name):
                return self._insert("INSERT INTO patients (name) VALUES (?)", (name,))

            def lower(self):
                return self._all("select * from lowercase where 1")
    '''
    assert tables(src) == {
        (f"{M}.Repo.get", "table", "appointments", "read"),
        (f"{M}.Repo.get", "table", "doctors", "read"),
        (f"{M}.Repo.create", "table", "patients", "write"),
    }


def test_pandas_named_tables() -> None:
    src = """
        def load(con, df):
            pd.read_sql_table("metrics", con)
            df.to_sql("daily_totals", con)
            pd.read_sql("SELECT * FROM events", con)
    """
    assert tables(src) == {
        (f"{M}.load", "table", "metrics", "read"),
        (f"{M}.load", "table", "daily_totals", "write"),
        (f"{M}.load", "table", "events", "read"),
    }


def test_near_misses_stay_silent() -> None:
    src = """
        def h(cache, cur, query):
            cache.get("x")
            log.info("select a dog")
            log.info("SELECT * FROM users")
            raise ValueError("DELETE FROM statement failed")
            cur.execute(query)
            cur.execute("SELECT 1")
            print("UPDATE your settings")
            text("Select the file you want")
    """
    assert tables(src) == set()


def test_a_local_name_hides_a_constant() -> None:
    src = """
        QUERY = "SELECT * FROM orders"

        def a(cur):
            cur.execute(QUERY)

        def b(cur, build):
            QUERY = build()
            cur.execute(QUERY)
    """
    assert tables(src) == {(f"{M}.a", "table", "orders", "read")}
