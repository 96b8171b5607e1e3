"""The workload and suppression gatherers on snippets: exact markers and suppressions,
and the look-alikes that must not produce one."""

from __future__ import annotations

import textwrap

from granularity.extract.driver import extract_source
from granularity.model.facts import Suppression


def facts(source: str):
    return extract_source(textwrap.dedent(source).lstrip("\n").encode(), "m", "m.py")


def markers(source: str) -> set[tuple[str, str, str, int]]:
    return {(m.scope, m.kind, m.detail, m.line) for m in facts(source).markers}


def test_long_running_and_cpu_bound_work_is_marked() -> None:
    assert markers('''
        import time
        import subprocess as sp
        import numpy as np
        from os import system
        from asyncio import sleep as nap


        def work():
            time.sleep(1)
            sp.run(["ls"])
            system("x")
            np.zeros(3)
            np.ones(3)


        async def waiter():
            await nap(1)
    ''') == {
        ("m.work", "sleep", "time.sleep", 9),
        ("m.work", "subprocess", "subprocess.run", 10),
        ("m.work", "subprocess", "os.system", 11),
        ("m.work", "cpu-bound", "numpy", 12),
        ("m.waiter", "sleep", "asyncio.sleep", 17),
    }


def test_look_alikes_are_not_marked() -> None:
    assert markers('''
        import pandas


        def sleep(seconds):
            return seconds


        def f(cache):
            sleep(1)
            cache.sleep(2)
            pandas_like = {"x": 1}
            return pandas
    ''') == set()


def test_starting_a_server_is_marked() -> None:
    assert markers('''
        import uvicorn
        from werkzeug.serving import run_simple
        from aiohttp import web


        def serve(app):
            uvicorn.run(app)
            run_simple("localhost", 5000, app)
            web.run_app(app)


        def legacy(httpd, loop):
            httpd.serve_forever()
            loop.run_forever()


        def look_alikes(app, runner):
            app.run_once()
            runner.run(app)
    ''') == {
        ("m.serve", "server", "uvicorn.run", 7),
        ("m.serve", "server", "werkzeug.serving.run_simple", 8),
        ("m.serve", "server", "aiohttp.web.run_app", 9),
        ("m.legacy", "server", "httpd.serve_forever", 13),
        ("m.legacy", "server", "loop.run_forever", 14),
    }


def test_only_loops_with_no_way_out_are_unbounded() -> None:
    assert markers('''
        def forever(queue):
            while True:
                for item in queue:
                    break
                handle(queue)


        def exits(queue):
            while True:
                if queue.empty():
                    break
            while 1:
                if queue.empty():
                    return
            while True:
                raise StopIteration


        def produce():
            while True:
                yield 1


        def nested_def():
            while True:
                def inner():
                    return 1
                inner()
    ''') == {("m.forever", "unbounded-loop", "while True without break", 2),
             ("m.nested_def", "unbounded-loop", "while True without break", 25)}


def test_routing_on_the_event_is_marked_once_per_read() -> None:
    assert markers('''
        def handler(event, context):
            method = event["requestContext"]["http"]["method"]
            path = event.get("rawPath")
            request_id = event["requestContext"]["requestId"]
            kind = event["type"]
            body = event["body"]
            return raw_event["httpMethod"]
    ''') == {
        ("m.handler", "event-routing", 'event["requestContext"]["http"]["method"]', 2),
        ("m.handler", "event-routing", 'event.get("rawPath")', 3),
        ("m.handler", "event-routing", 'raw_event["httpMethod"]', 7),
    }


def test_suppression_comments_are_read_with_codes_and_reasons() -> None:
    found = facts('''
        # granularity: ignore-file[GRA103] generated
        # an ordinary comment mentioning granularity: nothing
        def f():  # granularity: ignore[gra101, GRA102] - tiny on purpose
            return 1


        # granularity: ignore
        def g():
            return 2
    ''').suppressions
    assert found == (
        Suppression("m.py", 1, ("GRA103",), "generated", True),
        Suppression("m.py", 3, ("GRA101", "GRA102"), "tiny on purpose", False),
        Suppression("m.py", 7, (), "", False),
    )
