"""Benchmark of the static offline site: ``python -m benchmarks.site`` (or ``make bench-site``).

Builds the student site (downloads cached as for ``kijkverder site``), serves it on 127.0.0.1
with a server that counts the bytes it sends, and measures in chromium (every other host
unresolvable):
- site size on disk; bytes sent for a first visit (start page + lesson 01 with its widgets);
- cold (fresh browser profile) and warm (same profile, second visit) time to kernel idle and to
  the last widget rendered, in the lesson page ("Open de les", Run All at idle) and in the
  projector view (REPL, runs on open);
- quiz click -> feedback (p50/p95 over 40 clicks) in the lesson page.
Writes benchmarks/results/site.{json,md}. Goals (issue 11): first visit <= 30 MB, widgets
rendered <= 8 s cold, click -> feedback p95 <= 150 ms. No goal is asserted; the report compares.
"""
from __future__ import annotations

import json
import sys
import tempfile
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
sys.path.insert(0, str(ROOT))

LESSON = "01-wat-is-uitbuiting"
GOALS = {"first_visit_mb": 30, "widgets_cold_s": 8, "click_p95_ms": 150}


class CountingHandler(SimpleHTTPRequestHandler):
    sent = 0

    def log_message(self, *args) -> None:  # quiet
        pass

    def copyfile(self, source, outputfile) -> None:
        data = source.read()
        type(self).sent += len(data)
        outputfile.write(data)


def _du(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _open_lesson(page, base: str) -> dict:
    t0 = time.perf_counter()
    page.goto(f"{base}/notebooks/index.html?path={LESSON}/{LESSON}.ipynb")
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=180_000)
    idle = time.perf_counter() - t0
    for _ in range(3):
        page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
        page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
        try:
            page.wait_for_selector(".kv-helpcard", state="attached", timeout=60_000)
            break
        except Exception:
            continue
    return {"kernel_idle_s": round(idle, 2), "widgets_s": round(time.perf_counter() - t0, 2)}


def _open_projector(page, base: str, url: str) -> float:
    t0 = time.perf_counter()
    page.goto(f"{base}/{url}")
    page.wait_for_selector(".kv-helpcard", state="attached", timeout=180_000)
    return round(time.perf_counter() - t0, 2)


def main() -> int:
    from playwright.sync_api import sync_playwright

    from benchmarks.run import CLICK_JS, _pct
    from kijkverder.lessons import all_lessons
    from kijkverder.site import build_site, projector_url
    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

    results: dict = {"goals": GOALS}
    with tempfile.TemporaryDirectory(prefix="kv-bench-site-") as tmp:
        site = Path(tmp) / "site"
        t0 = time.perf_counter()
        build_site(all_lessons(ROOT / "lessons"), site, "leerlingen", log=lambda m: None)
        results["build_s"] = round(time.perf_counter() - t0, 1)
        t0 = time.perf_counter()
        build_site(all_lessons(ROOT / "lessons"), site, "leerlingen", log=lambda m: None)
        results["rebuild_noop_s"] = round(time.perf_counter() - t0, 2)
        results["site_mb"] = round(_du(site) / 1e6, 1)
        results["pyodide_mb"] = round(_du(site / "static" / "pyodide") / 1e6, 1)
        handler = type("H", (CountingHandler,), {"sent": 0})
        server = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(site)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}"
        proj = projector_url(LESSON)
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=[
                    *CHROMIUM_ARGS, "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"])
                for kind in ("lesson", "projector"):
                    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
                    page = ctx.new_page()
                    handler.sent = 0
                    if kind == "lesson":
                        page.goto(f"{base}/index.html")
                        cold = _open_lesson(page, base)
                        results["first_visit_mb"] = round(handler.sent / 1e6, 1)
                        times = page.evaluate(CLICK_JS, [40])
                        results["click_ms"] = {"n": len(times), "p50": round(_pct(times, 50), 1),
                                               "p95": round(_pct(times, 95), 1)}
                        handler.sent = 0
                        warm = _open_lesson(page, base)
                    else:
                        cold = {"widgets_s": _open_projector(page, base, proj)}
                        results["projector_first_visit_mb"] = round(handler.sent / 1e6, 1)
                        handler.sent = 0
                        warm = {"widgets_s": _open_projector(page, base, proj)}
                    results[kind] = {"cold": cold, "warm": warm,
                                     "warm_sent_mb": round(handler.sent / 1e6, 2)}
                    ctx.close()
                browser.close()
        finally:
            server.shutdown()
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "site.json").write_text(json.dumps(results, indent=1), "utf-8")
    (RESULTS / "site.md").write_text(render_md(results), "utf-8")
    print(render_md(results))
    return 0


def render_md(r: dict) -> str:
    g = r["goals"]
    lines = [
        "# Static site benchmark (student site, lesson 01, chromium, 127.0.0.1)", "",
        f"- build: {r['build_s']} s (download cache warm: see the README), no-op rebuild: "
        f"{r['rebuild_noop_s']} s",
        f"- site on disk: {r['site_mb']} MB (of which Pyodide + wheels {r['pyodide_mb']} MB)",
        f"- first visit (start page + lesson 01): {r['first_visit_mb']} MB (goal <= "
        f"{g['first_visit_mb']} MB); projector view: {r['projector_first_visit_mb']} MB",
        f"- lesson page cold: kernel idle {r['lesson']['cold']['kernel_idle_s']} s, widgets "
        f"{r['lesson']['cold']['widgets_s']} s; warm: {r['lesson']['warm']['kernel_idle_s']} s / "
        f"{r['lesson']['warm']['widgets_s']} s",
        f"- projector view cold: widgets {r['projector']['cold']['widgets_s']} s (goal <= "
        f"{g['widgets_cold_s']} s); warm: {r['projector']['warm']['widgets_s']} s",
        f"- quiz click -> feedback: p50 {r['click_ms']['p50']} ms, p95 {r['click_ms']['p95']} ms "
        f"(goal <= {g['click_p95_ms']} ms, n={r['click_ms']['n']})", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
