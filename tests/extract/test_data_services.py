"""External services: boto3 clients, DynamoDB tables, HTTP clients and Lambda invocations."""

from __future__ import annotations

from .data_helpers import accesses, remotes

M = "pkg.mod"


def test_boto3_clients_and_their_calls() -> None:
    src = """
        import boto3

        s3 = boto3.client("s3")
        sqs = boto3.client("sqs")

        def upload(key, body):
            s3.put_object(Bucket="b", Key=key, Body=body)
            s3.get_object(Bucket="b", Key=key)

        def notify(msg):
            sqs.send_message(QueueUrl="q", MessageBody=msg)
            session = boto3.session.Session()
            ses = session.client("ses")
            ses.send_email(Source="a")
    """
    assert accesses(src, "service") == {
        (M, "service", "s3", "read"),
        (M, "service", "sqs", "read"),
        (f"{M}.upload", "service", "s3", "write"),
        (f"{M}.upload", "service", "s3", "read"),
        (f"{M}.notify", "service", "sqs", "write"),
        (f"{M}.notify", "service", "ses", "read"),
        (f"{M}.notify", "service", "ses", "write"),
    }


def test_clients_made_elsewhere_by_their_signature() -> None:
    src = """
        from common.aws import sqs, sns

        def publish(msg):
            sqs.send_message(QueueUrl=QUEUE, MessageBody=msg)
            sns.publish(TopicArn=TOPIC, Message=msg)
            bus.publish("event", msg)
    """
    assert accesses(src, "service") == {
        (f"{M}.publish", "service", "sqs", "write"),
        (f"{M}.publish", "service", "sns", "write"),
    }


def test_dynamodb_tables() -> None:
    src = """
        import os
        import boto3

        dynamodb = boto3.resource("dynamodb")
        orders = dynamodb.Table(os.environ["ORDERS_TABLE"])
        TABLE_NAME = os.getenv("USERS_TABLE")

        def save(order):
            orders.put_item(Item=order)
            orders.get_item(Key={"id": 1})

        def users():
            table = dynamodb.Table(TABLE_NAME)
            table.query(KeyConditionExpression="x")
            audit = boto3.resource("dynamodb").Table("audit")
            with audit.batch_writer() as batch:
                batch.put_item(Item={})
    """
    assert accesses(src, "table") == {
        (f"{M}.save", "table", "env:ORDERS_TABLE", "write"),
        (f"{M}.save", "table", "env:ORDERS_TABLE", "read"),
        (f"{M}.users", "table", "env:USERS_TABLE", "read"),
        (f"{M}.users", "table", "audit", "write"),
    }


def test_sqlalchemy_table_is_not_dynamodb() -> None:
    src = """
        import sqlalchemy as sa

        users = sa.Table("users", metadata, sa.Column("id", sa.Integer))

        def f(t):
            users.query()
            t.put_item(Item={})
    """
    assert accesses(src, "table", "service") == set()


def test_http_clients() -> None:
    src = """
        import requests
        import httpx
        import aiohttp
        from urllib.request import urlopen

        class Gateway:
            def __init__(self):
                self._http = requests.Session()

            def charge(self, data):
                return self._http.post("https://pay.example/charges", data=data)

        def fetch():
            requests.get("https://example.com")
            urlopen("https://example.com/feed")

        async def push(payload):
            async with httpx.AsyncClient() as client:
                await client.put("https://api.example/x", json=payload)
            async with aiohttp.ClientSession() as session:
                async with session.get("https://api.example/y") as resp:
                    pass
    """
    assert accesses(src, "service") == {
        (f"{M}.Gateway.__init__", "service", "http", "read"),
        (f"{M}.Gateway.charge", "service", "http", "write"),
        (f"{M}.fetch", "service", "http", "read"),
        (f"{M}.push", "service", "http", "read"),
        (f"{M}.push", "service", "http", "write"),
    }


def test_http_near_misses() -> None:
    src = """
        def f(requests, cache, client):
            requests.get("x")
            cache.get("x")
            client.post("y")
    """
    assert accesses(src, "service") == set()


def test_lambda_invocations() -> None:
    src = """
        import os
        import boto3

        lambda_client = boto3.client("lambda")
        NEXT = "pipeline-next"

        def submit(order):
            lambda_client.invoke(FunctionName=os.environ["VALIDATE_FUNCTION"], InvocationType="Event", Payload=b"")
            lambda_client.invoke(FunctionName=NEXT, Payload=b"")
            lambda_client.invoke(FunctionName="reports", InvocationType="RequestResponse")

        def legacy():
            client = boto3.client("lambda")
            client.invoke_async(FunctionName=os.getenv("OLD_FUNCTION"), InvokeArgs=b"")
            client.invoke(FunctionName=compute_name(), Payload=b"")
    """
    assert remotes(src) == {
        (f"{M}.submit", "env:VALIDATE_FUNCTION", True),
        (f"{M}.submit", "pipeline-next", False),
        (f"{M}.submit", "reports", False),
        (f"{M}.legacy", "env:OLD_FUNCTION", True),
    }
    assert (f"{M}.submit", "service", "lambda", "write") in accesses(src, "service")


def test_invoke_without_function_name_is_not_remote() -> None:
    src = """
        def run(chain, x):
            chain.invoke({"input": x})
    """
    assert remotes(src) == set()


def test_handles_kept_on_self() -> None:
    src = """
        import boto3

        class Repo:
            def __init__(self):
                self._table = boto3.resource("dynamodb").Table("orders")
                self._s3 = boto3.client("s3")

            def put(self, item):
                self._table.put_item(Item=item)
                self._s3.upload_file("a", "b", "c")

        class Other:
            def put(self, item):
                self._table.put_item(Item=item)
    """
    assert accesses(src, "table", "service") == {
        (f"{M}.Repo.__init__", "service", "dynamodb", "read"),
        (f"{M}.Repo.__init__", "service", "s3", "read"),
        (f"{M}.Repo.put", "table", "orders", "write"),
        (f"{M}.Repo.put", "service", "s3", "write"),
    }


def test_class_attributes_read_through_self() -> None:
    src = """
        import boto3
        import requests

        class Store:
            table = boto3.resource("dynamodb").Table("events")
            http = requests.Session()

            def record(self, event):
                self.table.put_item(Item=event)
                self.http.get("https://example.com")
    """
    assert accesses(src, "table") == {(f"{M}.Store.record", "table", "events", "write")}
    assert (f"{M}.Store.record", "service", "http", "read") in accesses(src, "service")
