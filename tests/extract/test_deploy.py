"""Deployment descriptors (SAM/CloudFormation templates, serverless.yml) read from small files."""

from __future__ import annotations

import textwrap
from pathlib import Path

from granularity.deploy import read_descriptors, split_handler
from granularity.model.deploy import DeclaredFunction, Trigger


def write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text))


def by_name(functions: tuple[DeclaredFunction, ...]) -> dict[str, DeclaredFunction]:
    return {fn.name: fn for fn in functions}


def http(methods: str, path: str) -> Trigger:
    return Trigger("http", (("methods", methods), ("path", path)))


SAM = """
    AWSTemplateFormatVersion: "2010-09-09"
    Transform: AWS::Serverless-2016-10-31
    Parameters:
      Stage:
        Type: String
        Default: dev
      Secret:
        Type: String
    Globals:
      Function:
        Runtime: python3.11
        CodeUri: src/
        Environment:
          Variables:
            STAGE: !Ref Stage
            ORDERS_TABLE: !Ref OrdersTable
            LOG_LEVEL: INFO
    Resources:
      ApiFunction:
        Type: AWS::Serverless::Function
        Properties:
          Handler: api.app.lambda_handler
          FunctionName: orders-api
          Environment:
            Variables:
              LOG_LEVEL: DEBUG
              QUEUE_URL: !GetAtt RestockQueue.QueueUrl
              TABLE_ARN: !Sub "arn:aws:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${OrdersTable}"
              PREFIX: !Sub "/${Stage}/orders"
              SECRET: !Ref Secret
              JOINED: !Join ["-", [a, b]]
              RETRIES: 3
          Events:
            Proxy:
              Type: Api
              Properties:
                Path: /{proxy+}
                Method: any
            List:
              Type: Api
              Properties:
                Path: /orders
                Method: get
            Default:
              Type: HttpApi
      RestockFunction:
        Type: AWS::Serverless::Function
        Properties:
          Handler: workers/restock.handler
          Events:
            Messages:
              Type: SQS
              Properties:
                Queue: !GetAtt RestockQueue.Arn
            Uploads:
              Type: S3
              Properties:
                Bucket: !Ref UploadsBucket
                Events: s3:ObjectCreated:*
            Changes:
              Type: DynamoDB
              Properties:
                Stream: !GetAtt OrdersTable.StreamArn
      NightlyFunction:
        Type: AWS::Serverless::Function
        Properties:
          CodeUri: jobs
          Handler: nightly.run
          Events:
            Nightly:
              Type: Schedule
              Properties:
                Schedule: cron(15 2 * * ? *)
            Hourly:
              Type: ScheduleV2
              Properties:
                ScheduleExpression: rate(1 hour)
      PipelineFunction:
        Type: AWS::Serverless::Function
        Properties:
          Handler: pipeline.validate.handler
      NodeFunction:
        Type: AWS::Serverless::Function
        Properties:
          Runtime: nodejs20.x
          Handler: index.handler
      OrdersTable:
        Type: AWS::DynamoDB::Table
        Properties:
          TableName: orders
      CustomersTable:
        Type: AWS::Serverless::SimpleTable
      RestockQueue:
        Type: AWS::SQS::Queue
        Properties:
          QueueName: !Sub "restock-${Stage}"
      UploadsBucket:
        Type: AWS::S3::Bucket
"""


def test_sam_functions_triggers_and_code_roots(tmp_path: Path) -> None:
    write(tmp_path, "backend/template.yaml", SAM)
    descriptors, diagnostics = read_descriptors(tmp_path)
    assert diagnostics == []
    assert descriptors.files == ("backend/template.yaml",)
    fns = by_name(descriptors.functions)
    assert set(fns) == {"ApiFunction", "RestockFunction", "NightlyFunction", "PipelineFunction"}
    assert {(n, fn.module, fn.function, fn.code_root) for n, fn in fns.items()} == {
        ("ApiFunction", "api.app", "lambda_handler", "backend/src"),
        ("RestockFunction", "workers.restock", "handler", "backend/src"),
        ("NightlyFunction", "nightly", "run", "backend/jobs"),
        ("PipelineFunction", "pipeline.validate", "handler", "backend/src"),
    }
    assert descriptors.code_roots() == ("backend/jobs", "backend/src")
    assert {n: set(fn.triggers) for n, fn in fns.items()} == {
        "ApiFunction": {http("ANY", "/{proxy+}"), http("GET", "/orders")},
        "RestockFunction": {
            Trigger("queue", (("queue", "ref:RestockQueue"),)),
            Trigger("event", (("event", "s3"), ("sender", "ref:UploadsBucket"))),
            Trigger("event", (("event", "dynamodb"), ("sender", "ref:OrdersTable"))),
        },
        "NightlyFunction": {
            Trigger("schedule", (("schedule", "cron(15 2 * * ? *)"),)),
            Trigger("schedule", (("schedule", "rate(1 hour)"),)),
        },
        "PipelineFunction": {Trigger("faas", (("handler", "pipeline.validate.handler"),))},
    }
    api = fns["ApiFunction"]
    assert api.handler == "api.app.lambda_handler" and api.physical_name == "orders-api"
    assert (api.source, api.line) == ("backend/template.yaml", 20)


def test_sam_environment_merges_globals_and_resolves_references(tmp_path: Path) -> None:
    write(tmp_path, "template.yaml", SAM)
    fns = by_name(read_descriptors(tmp_path)[0].functions)
    assert dict(fns["ApiFunction"].environment) == {
        "STAGE": "dev",
        "ORDERS_TABLE": "ref:OrdersTable",
        "LOG_LEVEL": "DEBUG",
        "QUEUE_URL": "ref:RestockQueue",
        "TABLE_ARN": "ref:OrdersTable",
        "PREFIX": "/dev/orders",
        "SECRET": "",
        "JOINED": "",
        "RETRIES": "3",
    }
    assert fns["PipelineFunction"].environment == (
        ("LOG_LEVEL", "INFO"), ("ORDERS_TABLE", "ref:OrdersTable"), ("STAGE", "dev"),
    )
    assert fns["PipelineFunction"].code_root == "src"


def test_sam_resources(tmp_path: Path) -> None:
    write(tmp_path, "template.yml", SAM)
    resources = read_descriptors(tmp_path)[0].resources
    assert {(r.logical_id, r.type, r.physical_name) for r in resources} == {
        ("OrdersTable", "AWS::DynamoDB::Table", "orders"),
        ("CustomersTable", "AWS::Serverless::SimpleTable", ""),
        ("RestockQueue", "AWS::SQS::Queue", ""),
        ("UploadsBucket", "AWS::S3::Bucket", ""),
    }


def test_cloudformation_functions_with_mappings_and_rules(tmp_path: Path) -> None:
    write(tmp_path, "template.yaml", """
        Resources:
          Worker:
            Type: AWS::Lambda::Function
            Properties:
              Runtime: python3.12
              Handler: worker.main
              Code: ./lambda
          Mapping:
            Type: AWS::Lambda::EventSourceMapping
            Properties:
              FunctionName: !Ref Worker
              EventSourceArn: !GetAtt Jobs.Arn
          Tick:
            Type: AWS::Events::Rule
            Properties:
              ScheduleExpression: rate(5 minutes)
              Targets:
                - Arn: !GetAtt Worker.Arn
                  Id: worker
          Inline:
            Type: AWS::Lambda::Function
            Properties:
              Runtime: python3.12
              Handler: index.handler
              Code:
                ZipFile: "def handler(event, context): pass"
          Jobs:
            Type: AWS::SQS::Queue
    """)
    fns = by_name(read_descriptors(tmp_path)[0].functions)
    assert (fns["Worker"].module, fns["Worker"].code_root) == ("worker", "lambda")
    assert set(fns["Worker"].triggers) == {
        Trigger("queue", (("queue", "ref:Jobs"),)),
        Trigger("schedule", (("schedule", "rate(5 minutes)"),)),
    }
    assert fns["Inline"].code_root == "" and fns["Inline"].triggers == (Trigger("faas", (("handler", "index.handler"),)),)


SERVERLESS = """
    service: orders
    provider:
      name: aws
      runtime: python3.11
      environment:
        ORDERS_TABLE: ${self:service}-orders-${sls:stage}
        QUEUE_URL: { Ref: JobsQueue }
    functions:
      create:
        handler: src/handlers/orders.create
        environment:
          MODE: strict
        events:
          - http:
              path: orders
              method: post
          - http: GET orders/{id}
          - httpApi: 'PATCH /orders/{id}'
          - httpApi:
              method: '*'
              path: /any
      worker:
        handler: worker.handle
        module: services/jobs
        name: orders-worker
        events:
          - sqs:
              arn:
                Fn::GetAtt: [JobsQueue, Arn]
          - sqs: arn:aws:sqs:eu-west-1:123456789012:legacy
          - schedule: rate(1 hour)
          - schedule:
              rate:
                - cron(0 3 * * ? *)
                - rate(10 minutes)
          - s3: uploads
          - stream:
              type: dynamodb
              arn: !GetAtt OrdersTable.StreamArn
          - sns: order-events
          - eventBridge:
              pattern:
                source: [shop.orders]
      plain:
        handler: plain.handler
      catchall:
        handler: api.handler
        events:
          - httpApi: '*'
    resources:
      Resources:
        JobsQueue:
          Type: AWS::SQS::Queue
          Properties:
            QueueName: orders-jobs
        OrdersTable:
          Type: AWS::DynamoDB::Table
"""


def test_serverless_functions(tmp_path: Path) -> None:
    write(tmp_path, "svc/serverless.yml", SERVERLESS)
    descriptors, diagnostics = read_descriptors(tmp_path)
    assert diagnostics == []
    fns = by_name(descriptors.functions)
    assert {(n, fn.module, fn.function, fn.code_root) for n, fn in fns.items()} == {
        ("create", "src.handlers.orders", "create", "svc"),
        ("worker", "worker", "handle", "svc/services/jobs"),
        ("plain", "plain", "handler", "svc"),
        ("catchall", "api", "handler", "svc"),
    }
    assert set(fns["create"].triggers) == {
        http("POST", "/orders"), http("GET", "/orders/{id}"), http("PATCH", "/orders/{id}"), http("ANY", "/any"),
    }
    assert set(fns["worker"].triggers) == {
        Trigger("queue", (("queue", "ref:JobsQueue"),)),
        Trigger("queue", (("queue", "arn:aws:sqs:eu-west-1:123456789012:legacy"),)),
        Trigger("schedule", (("schedule", "rate(1 hour)"),)),
        Trigger("schedule", (("schedule", "cron(0 3 * * ? *)"),)),
        Trigger("schedule", (("schedule", "rate(10 minutes)"),)),
        Trigger("event", (("event", "s3"), ("sender", "uploads"))),
        Trigger("event", (("event", "dynamodb"), ("sender", "ref:OrdersTable"))),
        Trigger("event", (("event", "sns"), ("sender", "order-events"))),
        Trigger("event", (("event", "eventbridge"),)),
    }
    assert fns["plain"].triggers == (Trigger("faas", (("handler", "plain.handler"),)),)
    assert fns["catchall"].triggers == (http("ANY", "/{proxy+}"),)
    assert fns["worker"].physical_name == "orders-worker"
    assert dict(fns["create"].environment) == {
        "ORDERS_TABLE": "${self:service}-orders-${sls:stage}", "QUEUE_URL": "ref:JobsQueue", "MODE": "strict",
    }
    assert {(r.logical_id, r.physical_name) for r in descriptors.resources} == {
        ("JobsQueue", "orders-jobs"), ("OrdersTable", ""),
    }
    assert descriptors.code_roots() == ("svc", "svc/services/jobs")


def test_serverless_for_another_runtime_or_provider_declares_nothing(tmp_path: Path) -> None:
    write(tmp_path, "a/serverless.yml", """
        provider: {name: aws, runtime: nodejs20.x}
        functions:
          hello: {handler: handler.hello}
    """)
    write(tmp_path, "b/serverless.yaml", """
        provider: {name: google, runtime: python311}
        functions:
          hello: {handler: main.hello}
    """)
    descriptors, diagnostics = read_descriptors(tmp_path)
    assert descriptors.functions == () and descriptors.files == () and diagnostics == []


def test_malformed_yaml_is_a_diagnostic(tmp_path: Path) -> None:
    write(tmp_path, "template.yaml", """
        Resources:
          Fn:
            Type: AWS::Serverless::Function
            Properties: {Handler: app.handler
          Other: [
    """)
    write(tmp_path, "svc/serverless.yml", "functions:\n  a:\n    handler: a.b\n\tevents: []\n")
    descriptors, diagnostics = read_descriptors(tmp_path)
    assert descriptors.functions == ()
    assert sorted((d.path, d.code) for d in diagnostics) == [
        ("svc/serverless.yml", "config"), ("template.yaml", "config"),
    ]
    assert all(d.line > 0 and d.message for d in diagnostics)


def test_unrelated_yaml_is_ignored(tmp_path: Path) -> None:
    write(tmp_path, "template.yaml", "- just\n- a list\n")
    write(tmp_path, "docs/template.yml", "title: a page template\nbody: hello\n")
    descriptors, diagnostics = read_descriptors(tmp_path)
    assert descriptors.functions == () and descriptors.resources == () and diagnostics == []


def test_where_descriptors_are_looked_for(tmp_path: Path) -> None:
    minimal = """
        Resources:
          Fn:
            Type: AWS::Serverless::Function
            Properties: {Handler: app.handler, Runtime: python3.11}
    """
    for rel in ("template.yaml", "one/template.yml", ".aws-sam/build/template.yaml",
                ".hidden/template.yaml", "node_modules/template.yaml", "one/two/template.yaml"):
        write(tmp_path, rel, minimal)
    descriptors, _ = read_descriptors(tmp_path)
    assert descriptors.files == ("template.yaml", "one/template.yml")
    assert descriptors.code_roots() == ("", "one")


def test_split_handler() -> None:
    assert split_handler("orders/validate.handler") == ("orders.validate", "handler")
    assert split_handler("orders.validate.handler") == ("orders.validate", "handler")
    assert split_handler("./src/app.main") == ("src.app", "main")
    assert split_handler("handler") == ("", "handler")
