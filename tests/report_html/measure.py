"""Measure an HTML report as docs/report.md describes: its size, and the time headless
Chromium takes to reach DOMContentLoaded (median of several fresh loads); optionally
save screenshots of some sections, light and dark.

    .venv/bin/python tests/report_html/measure.py /tmp/ckan.html --runs 3 --shots /tmp/shots
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from report_html.cdp import Browser, find_chromium  # noqa: E402

SECTIONS = ("summary", "picture", "functions", "findings", "boundaries", "source")


def dom_content_loaded(browser: Browser, report: Path) -> float:
    """Milliseconds from navigation start to the end of DOMContentLoaded, in a new tab."""
    page = browser.page()
    page.open(report)
    if page.errors():
        raise SystemExit(f"console errors: {page.errors()}")
    value = page.eval("performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd")
    page.send("Page.close")
    return float(value)


def screenshots(browser: Browser, report: Path, folder: Path, sections: tuple[str, ...]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    page = browser.page(1280, 900)
    out = []
    for scheme in ("light", "dark"):
        page.color_scheme(scheme)
        page.open(report)
        for section in sections:
            page.eval(f"document.getElementById('{section}').scrollIntoView()")
            out.append(page.screenshot(folder / f"{report.stem}-{scheme}-{section}.png"))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("report", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--shots", type=Path, help="save screenshots of the main sections here")
    args = parser.parse_args()
    executable = find_chromium()
    if executable is None:
        raise SystemExit("no Chromium found")
    size = args.report.stat().st_size
    browser = Browser(executable, timeout=120)
    try:
        times = [dom_content_loaded(browser, args.report) for _ in range(args.runs)]
        print(f"{args.report}: {size / 1e6:.2f} MB; DOMContentLoaded "
              f"median {statistics.median(times):.0f} ms of {', '.join(f'{t:.0f}' for t in times)}")
        if args.shots:
            for shot in screenshots(browser, args.report, args.shots, SECTIONS):
                print(shot)
    finally:
        browser.close()


if __name__ == "__main__":
    main()
