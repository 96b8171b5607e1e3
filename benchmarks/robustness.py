"""Run the whole pipeline (graph, plan, check, report) over many real code bases and report
crashes, tracebacks, files skipped with their reasons, lines analysed, time and peak memory.

    python benchmarks/robustness.py [DIR ...] [--stdlib] [--corpora] [--packages N]

--stdlib    the standard library of the running interpreter
--corpora   the apps `../shared/corpora/fetch` downloads (~/.cache/granularity-corpora)
--packages  download (never install) N public packages of different shapes from the
            package registry with `pip download --no-deps`, unpack their source, and
            analyse each

A crash is a non-zero exit other than the documented ones (1 = findings, 2 = usage) or
any output containing "Traceback". The analysed code is never imported or run.

Peak memory is the largest resident set of any one process of a command (the command or
one of its extraction workers: getrusage of a launcher's children), the largest over the
four commands.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import sysconfig
import tempfile
import time
import zipfile
from pathlib import Path

#: Packages of different shapes: web frameworks, numeric, async, ORMs, CLIs, parsers, and
#: code generated with huge literal tables (phonenumbers: ~600 generated modules, dozens
#: of ~1 MB dict literals; pygments: generated builtin tables).
PACKAGES = ["django", "numpy", "aiohttp", "sqlalchemy", "pygments", "phonenumbers", "sympy", "botocore",
            "twisted", "pandas", "fastapi", "celery", "black", "scipy", "tornado", "networkx"]


#: Runs a command as its only child, then writes the largest resident set (KiB) of the command
#: and of the processes it waited for (its extraction workers) to the file named first.
#: A small launcher, not this script, is the command's parent: Linux counts in a child's peak
#: the memory it held before exec, a copy of its parent, and this script grows with the outputs
#: it reads.
LAUNCHER = ("import resource, subprocess, sys; code = subprocess.call(sys.argv[2:]); "
            "open(sys.argv[1], 'w').write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)); "
            "sys.exit(code)")


def _run(args: list[str], timeout: float) -> tuple[int, str, float, int]:
    """Exit code, the output's tail, seconds and peak memory (KiB) of one command."""
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        out, peak = Path(tmp) / "out", Path(tmp) / "peak"
        with out.open("wb") as sink:
            proc = subprocess.Popen([sys.executable, "-c", LAUNCHER, str(peak), sys.executable, "-m",
                                     "granularity.cli", *args], stdout=sink, stderr=subprocess.STDOUT,
                                    start_new_session=True)
            try:
                code = proc.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
                return -1, "timeout", time.perf_counter() - start, 0
        text = out.read_text("utf-8", "replace")
        kib = int(peak.read_text() or 0) if peak.exists() else 0
    tail = text[-8000:] + ("\nTraceback (earlier in the output)" if "Traceback" in text[:-8000] else "")
    return code, tail, time.perf_counter() - start, kib


def analyse(name: str, path: Path, workdir: Path, timeout: float) -> dict:
    cache = workdir / f"cache-{name}"
    row: dict = {"name": name, "crashes": [], "seconds": 0.0, "peak_kib": 0}
    code, out, secs, peak = _run(["graph", str(path), "-f", "json", "-o", str(workdir / f"{name}.json"),
                                  "--cache-dir", str(cache)], timeout)
    row["seconds"] += secs
    row["peak_kib"] = max(row["peak_kib"], peak)
    if code != 0 or "Traceback" in out:
        row["crashes"].append(f"graph exit {code}: {out.strip().splitlines()[-1:] if out.strip() else ''}")
    else:
        data = json.loads((workdir / f"{name}.json").read_text())
        row["files"] = data["app"]["files"]
        row["lines"] = data["app"]["lines"]
        row["skipped"] = [(d["path"], d["code"], d["message"][:120]) for d in data["diagnostics"]]
    commands = [
        ["plan", str(path), "-o", os.devnull],
        ["check", str(path), "--exit-zero", "-o", f"json:{os.devnull}"],
        ["report", str(path), "-o", str(workdir / f"{name}.html")],
    ]
    for args in commands:
        code, out, secs, peak = _run([*args, "--cache-dir", str(cache)], timeout)
        row["seconds"] += secs
        row["peak_kib"] = max(row["peak_kib"], peak)
        if code not in (0, 1) or "Traceback" in out:
            row["crashes"].append(f"{args[0]} exit {code}: {out.strip().splitlines()[-1:] if out.strip() else ''}")
    return row


def download(names: list[str], dest: Path) -> list[tuple[str, Path]]:
    out = []
    wheels = dest / "_dl"
    wheels.mkdir(parents=True, exist_ok=True)
    for name in names:
        target = dest / name
        if not target.exists():
            proc = subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(wheels), name],
                                  capture_output=True, text=True)
            if proc.returncode != 0:
                print(f"  could not download {name}: {proc.stderr.strip().splitlines()[-1:]}")
                continue
            archive = next((p for p in sorted(wheels.iterdir()) if p.name.lower().replace("-", "_")
                            .startswith(name.lower().replace("-", "_"))), None)
            if archive is None:
                continue
            if archive.suffix == ".whl" or archive.suffix == ".zip":
                zipfile.ZipFile(archive).extractall(target)
            else:
                import tarfile

                with tarfile.open(archive) as tar:
                    tar.extractall(target, filter="data")
        out.append((name, target))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dirs", nargs="*", type=Path)
    parser.add_argument("--stdlib", action="store_true")
    parser.add_argument("--corpora", action="store_true")
    parser.add_argument("--packages", type=int, default=0)
    parser.add_argument("--timeout", type=float, default=1800)
    args = parser.parse_args()
    targets: list[tuple[str, Path]] = [(p.name, p) for p in args.dirs]
    if args.stdlib:
        targets.append(("stdlib", Path(sysconfig.get_paths()["stdlib"])))
    corpora = Path(os.environ.get("GRANULARITY_CORPORA", Path.home() / ".cache/granularity-corpora"))
    if args.corpora:
        targets += [(p.name, p) for p in sorted(corpora.iterdir()) if p.is_dir() and not p.name.startswith("_")]
    if args.packages:
        targets += download(PACKAGES[: args.packages], corpora / "_packages")
    with tempfile.TemporaryDirectory() as tmp:
        rows = []
        for name, path in targets:
            row = analyse(name, path, Path(tmp), args.timeout)
            rows.append(row)
            print(f"{name:14} files {row.get('files', '?'):>6} lines {row.get('lines', 0):>9,} "
                  f"skipped {len(row.get('skipped', [])):>4} crashes {len(row['crashes'])} {row['seconds']:7.1f} s "
                  f"peak {_mib(row['peak_kib']):>6,} MiB", flush=True)
            for crash in row["crashes"]:
                print(f"    CRASH {crash}")
    skipped = [(r["name"], *s) for r in rows for s in r.get("skipped", [])]
    reasons: dict[str, int] = {}
    for _, _, code, _ in skipped:
        reasons[code] = reasons.get(code, 0) + 1
    print(f"\n{len(rows)} code bases, {sum(r.get('files', 0) for r in rows):,} files, "
          f"{sum(r.get('lines', 0) for r in rows):,} lines; skipped {len(skipped)} {reasons}; "
          f"crashes {sum(len(r['crashes']) for r in rows)}; {sum(r['seconds'] for r in rows):,.0f} s")
    if rows:
        top = max(rows, key=lambda r: r["peak_kib"])
        largest = max(rows, key=lambda r: r.get("lines", 0))
        print(f"peak memory {_mib(top['peak_kib']):,} MiB ({top['name']}); largest code base {largest['name']} "
              f"({largest.get('lines', 0):,} lines): {_mib(largest['peak_kib']):,} MiB"
              + "".join(f"; {r['name']}: {_mib(r['peak_kib']):,} MiB" for r in rows if r["name"] == "stdlib"))
    for name, path, code, message in skipped[:40]:
        print(f"  {name}: {path}: {code}: {message}")


def _mib(kib: int) -> int:
    return round(kib / 1024)


if __name__ == "__main__":
    main()
