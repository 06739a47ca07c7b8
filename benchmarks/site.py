"""Benchmark of the static offline site: ``python -m benchmarks.site`` (or ``make bench-site``).

Builds the student site (downloads cached as for ``kijkverder site``; ``--site DIR`` reuses a
built one), serves it on 127.0.0.1 with a server that counts the bytes it sends, and measures in
chromium (every other host unresolvable), median of ``--runs`` (3):

- the baseline, in the same run: a page of the same site whose only cell shows one ipywidgets
  button (what Pyodide, the kernel and the widget manager cost with no lesson at all);
- per lesson and per view ("les": what "Open de les" opens; "digibord": the projector view):
  cold (a new browser profile on disk) and warm (the same profile after the browser was closed
  and started again: a second visit with the HTTP cache and Chromium's compiled-code cache on
  disk, as on a school's computer; an in-memory profile never caches pyodide.asm.wasm) time from
  navigation to the page's UI, the first cell run (kernel up), the first widget usable (the
  loading message gone, a widget drawn) and every cell run; the lesson's overhead over the
  baseline. The server is a plain static one (``Last-Modified``, no ``Cache-Control``: the
  browser revalidates the site's files, as with a school's web server's defaults);
- where a warm visit's time goes, in the browser: a copy of the site whose kernel worker logs
  when it starts, boots Pyodide, has loaded the packages, piplite, ``import pyodide_kernel`` and
  every cell run (baseline and lesson 01, both views);
- ``--compare DIR``: another built site (e.g. the one before a change) served next to it and
  measured in turn, per page and run, so both sets of figures come from the same run;
- the same for lesson 01 and the baseline with the CPU throttled 4x (CDP
  ``Emulation.setCPUThrottlingRate``, a stand-in for a budget Chromebook);
- where the kernel's time goes: Pyodide under Node with the site's own files (boot, loading the
  packages, importing IPython, ipywidgets, pydantic and the project), with the shipped bytecode
  and without it (the same wheels as PyPI ships them);
- the load average before and after (other processes on the machine slow every figure);
- site size, bytes sent for a first visit, quiz click -> feedback.
Writes benchmarks/results/site.{json,md}. Goals (issue 28): first widget usable <= 8 s cold and
<= 4 s warm, both views, every lesson. No goal is asserted; the report compares.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
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

GOALS = {"first_widget_cold_s": 8, "first_widget_warm_s": 4, "first_visit_mb": 30,
         "click_p95_ms": 150}
BASELINE = "kv-baseline"
BASELINE_CELLS = ["import ipywidgets\nipywidgets.Button(description='Klik')"]
THROTTLE = 4

#: Records, in the page, when each step of a lesson page was first seen (ms since navigation).
MILESTONES_JS = """(() => {
  const t = {}; window.__kvt = t;
  const iv = setInterval(() => {
    const now = performance.now();
    const c = document.querySelector('.jp-CodeConsole-content');
    if (document.getElementById('kv-loading')) t.loading_seen = true;
    if (!c) return;
    if (!t.ui) t.ui = now;
    let n = 0;
    c.querySelectorAll('.jp-CodeCell .jp-InputPrompt').forEach(p => { if (/[0-9]/.test(p.textContent)) n++; });
    if (n >= 1 && !t.kernel) t.kernel = now;
    if (!t.widget && !document.getElementById('kv-loading') && c.querySelector('.jupyter-widgets')) t.widget = now;
    const el = document.getElementById('kijkverder-lesson-cells');
    const total = el ? JSON.parse(el.textContent).length : 1e9;
    if (!t.all && n >= total) t.all = now;
    if (t.all && t.widget) clearInterval(iv);
  }, 25);
})();"""


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


def add_baseline(site: Path) -> str:
    """A page of the site with one ipywidgets button as its only cell (a lesson page with its
    cells replaced); returns its address."""
    src = next(p for p in sorted((site / "les").iterdir()) if (p / "index.html").exists())
    dest = site / "les" / BASELINE
    shutil.rmtree(dest, ignore_errors=True)
    shutil.copytree(src, dest)
    page = (dest / "index.html").read_text("utf-8")
    page = re.sub(r'(<script type="application/json" id="kijkverder-lesson-cells">).*?(</script>)',
                  lambda m: m.group(1) + json.dumps(BASELINE_CELLS) + m.group(2), page, count=1,
                  flags=re.S)
    page = re.sub(r"var total = \d+", f"var total = {len(BASELINE_CELLS)}", page, count=1)
    (dest / "index.html").write_text(page, "utf-8")
    return f"les/{BASELINE}/index.html"


def _visit(page, url: str) -> dict:
    page.goto(url)
    page.wait_for_function("() => window.__kvt && window.__kvt.all && window.__kvt.widget",
                           timeout=240_000, polling=100)
    t = page.evaluate("() => window.__kvt")
    return {k: round(t[k] / 1000, 2) for k in ("ui", "kernel", "widget", "all")} | {
        "loading_seen": bool(t.get("loading_seen")),
        "origin_ms": page.evaluate("performance.timeOrigin")}


def _launch(pw, user_data: str, throttle: int):
    from tests.browser.conftest import CHROMIUM

    ctx = pw.chromium.launch_persistent_context(
        user_data, executable_path=CHROMIUM, args=ARGS, viewport={"width": 1366, "height": 768})
    ctx.add_init_script(MILESTONES_JS)
    page = ctx.pages[0] if ctx.pages else ctx.new_page()
    if throttle > 1:
        ctx.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": throttle})
    return ctx, page


def visit_pair(pw, url: str, throttle: int = 1, on_warm=None) -> tuple[dict, dict]:
    """A cold visit in a new profile on disk, then a warm one: the browser closed and started
    again on the same profile (``on_warm(page)`` is called before the warm visit)."""
    with tempfile.TemporaryDirectory(prefix="kv-bench-profile-") as user_data:
        ctx, page = _launch(pw, user_data, throttle)
        try:
            cold = _visit(page, url)
        finally:
            ctx.close()
        ctx, page = _launch(pw, user_data, throttle)
        try:
            if on_warm:
                on_warm(page)
            warm = _visit(page, url)
        finally:
            ctx.close()
    return cold, warm


def measure(pw, bases: dict[str, str], url: str, runs: int, throttle: int = 1) -> dict:
    """Median of ``runs`` cold and warm visits (:func:`visit_pair`) of ``url`` on every site of
    ``bases`` (name -> address), the sites in turn within each run."""
    got: dict[str, tuple[list, list]] = {name: ([], []) for name in bases}
    for _ in range(runs):
        for name, base in bases.items():
            cold, warm = visit_pair(pw, f"{base}/{url}", throttle)
            got[name][0].append(cold)
            got[name][1].append(warm)
    out = {name: {"cold": _median(c), "warm": _median(w), "runs": runs}
           for name, (c, w) in got.items()}
    main = out.pop("site")
    return main | ({"before": out["before"]} if "before" in out else {})


def _median(visits: list[dict]) -> dict:
    return {k: round(statistics.median(v[k] for v in visits), 2)
            for k in ("ui", "kernel", "widget", "all")} | {
        "loading_seen": all(v["loading_seen"] for v in visits)}


#: Where a warm visit's time goes, in the browser: text put into a copy of the site's kernel
#: worker and Pyodide loader (minified code: (file glob, the exact text, what comes instead),
#: ``@T`` = a timestamp comparable with the page's, ``@L(name)`` = log it). Text that is not
#: found makes the breakdown "not available", never a wrong figure.
_T = "(performance.timeOrigin+performance.now())"
_L = 'console.log("KVT {} "+' + _T + ")"
WORKER_MARKS = [
    ("extensions/@jupyterlite/pyodide-kernel-extension/static/comlink.worker.*.js",
     "await this.initRuntime(e),await this.initFilesystem(e),await this.initPackageManager(e),"
     "await this.initKernel(e),",
     _L.format("worker") + ",await this.initRuntime(e),await this.initFilesystem(e),"
     + _L.format("runtime") + ",await this.initPackageManager(e)," + _L.format("piplite")
     + ",await this.initKernel(e)," + _L.format("kernel") + ","),
    ("extensions/@jupyterlite/pyodide-kernel-extension/static/comlink.worker.*.js",
     "async execute(e,t){await this.setup(t);",
     "async execute(e,t){" + _L.format("cell") + ";await this.setup(t);"),
    ("static/pyodide/pyodide.asm.mjs", "await pe(n,{messageCallback(){}})",
     _L.format("booted") + ",await pe(n,{messageCallback(){}})," + _L.format("packages")),
]
#: The steps of a warm visit, in order: (name in the report, mark that ends it).
WARM_STEPS = [("page UI up", "ui"), ("kernel worker started", "worker"),
              ("Pyodide booted (wasm, stdlib)", "booted"),
              ("packages loaded (wheels fetched, unpacked)", "packages"),
              ("piplite", "piplite"), ("import pyodide_kernel (IPython, ipykernel)", "kernel"),
              ("first cell started", "cell1"), ("first cell ran", "cell2"),
              ("first widget usable", "widget")]


def instrumented_copy(site: Path, dest: Path) -> bool:
    """A copy of ``site`` in ``dest`` whose kernel worker logs its steps (:data:`WORKER_MARKS`);
    False if the code to mark was not found (another JupyterLite or Pyodide)."""
    shutil.copytree(site, dest, copy_function=os.link)
    for pattern, old, new in WORKER_MARKS:
        files = sorted(dest.glob(pattern))
        if len(files) != 1:
            return False
        text = files[0].read_text("utf-8")
        if text.count(old) != 1:
            return False
        files[0].unlink()  # a hard link: the measured site keeps its own file
        files[0].write_text(text.replace(old, new), "utf-8")
    return True


def warm_breakdown(pw, base: str, url: str, runs: int) -> dict:
    """Seconds from navigation to each step of :data:`WARM_STEPS` in a warm visit of the
    instrumented site at ``base``, median of ``runs``."""
    got: list[dict] = []
    for _ in range(runs):
        marks: dict[str, float] = {}

        def on_console(msg, marks=marks) -> None:
            parts = msg.text.split()
            if len(parts) == 3 and parts[0] == "KVT":
                name = parts[1]
                if name == "cell":
                    name = f"cell{sum(k.startswith('cell') for k in marks) + 1}"
                marks.setdefault(name, float(parts[2]))

        # (chromium reports the worker's console on the page too)
        _cold, warm = visit_pair(pw, f"{base}/{url}",
                                 on_warm=lambda page: page.on("console", on_console))
        got.append({"marks": marks, "warm": warm})
    out = {}
    for name, mark in WARM_STEPS:
        vals = [g["warm"][mark] if mark in ("ui", "widget") else
                (g["marks"][mark] - g["warm"]["origin_ms"]) / 1000
                for g in got if mark in g["warm"] or mark in g["marks"]]
        out[name] = round(statistics.median(vals), 2) if len(vals) == len(got) else None
    return out


#: Pyodide under Node with a site's ``static/pyodide``: where the kernel's time goes.
PROFILE_MJS = """import {{ loadPyodide }} from {mjs};
const t0 = performance.now();
const py = await loadPyodide({{ indexURL: {index} }});
const t1 = performance.now();
await py.loadPackage(["kijkverder"], {{ messageCallback: () => {{}} }});
const t2 = performance.now();
const out = {{ boot_s: (t1 - t0) / 1000, packages_s: (t2 - t1) / 1000 }};
for (const mod of ["IPython", "ipywidgets", "pydantic", "yaml", "jinja2", "widgets.quiz",
                   "widgets.helpcard"]) {{
  const a = performance.now();
  py.runPython("import " + mod);
  out["import " + mod + "_s"] = (performance.now() - a) / 1000;
}}
for (const k in out) out[k] = Math.round(out[k] * 100) / 100;
console.log(JSON.stringify(out));
"""


def node_profile(pyodide_dir: Path) -> dict:
    with tempfile.TemporaryDirectory(prefix="kv-prof-") as tmp:
        script = Path(tmp) / "profile.mjs"
        script.write_text(PROFILE_MJS.format(
            mjs=json.dumps((pyodide_dir / "pyodide.mjs").resolve().as_uri()),
            index=json.dumps(str(pyodide_dir.resolve()) + "/")), "utf-8")
        out = subprocess.run(["node", str(script)], capture_output=True, text=True, check=True,
                             cwd=tmp).stdout
    return json.loads(out.strip().splitlines()[-1])


def profile_without_bytecode(tmp: Path) -> dict:
    """The same profile with the wheels and the stdlib as PyPI and npm ship them."""
    from kijkverder import site as s

    cache = s.cache_dir()
    core = s.fetch_pyodide(cache, lambda m: None)
    wheels = s.fetch_wheels(cache, json.loads((core / "pyodide-lock.json").read_text("utf-8")),
                            lambda m: None)
    own = s.project_wheel(cache, lambda m: None, "leerlingen")
    dest = tmp / "plain-pyodide"
    s.assemble_pyodide(dest, core, wheels, own)
    return node_profile(dest)


ARGS: list[str] = []


def _serve(site: Path):
    handler = type("H", (CountingHandler,), {"sent": 0})
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, handler, f"http://127.0.0.1:{server.server_address[1]}"


def _copy_site(src: Path, dest: Path) -> Path:
    shutil.copytree(src, dest)
    return dest


def main(argv: list[str] | None = None) -> int:
    from playwright.sync_api import sync_playwright

    from benchmarks.run import CLICK_JS, _pct
    from kijkverder.lessons import all_lessons
    from kijkverder.site import build_site, lesson_url, projector_url
    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

    ap = argparse.ArgumentParser()
    ap.add_argument("--site", type=Path, help="a built student site to measure (not rebuilt)")
    ap.add_argument("--compare", type=Path, help="another built site (e.g. before a change), "
                    "measured in turn with the site, in the same run")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--lessons", help="comma-separated lesson numbers (default: all)")
    ap.add_argument("--no-throttle", action="store_true", help="leave out the 4x CPU throttle")
    args = ap.parse_args(argv)
    ARGS[:] = [*CHROMIUM_ARGS, "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]

    results: dict = {"goals": GOALS, "loadavg_before": os.getloadavg(), "cpus": os.cpu_count()}
    servers = []
    with tempfile.TemporaryDirectory(prefix="kv-bench-site-") as tmp:
        site = Path(tmp) / "site"
        if args.site:
            _copy_site(args.site, site)
        else:
            t0 = time.perf_counter()
            build_site(all_lessons(ROOT / "lessons"), site, "leerlingen", log=lambda m: None)
            results["build_s"] = round(time.perf_counter() - t0, 1)
            t0 = time.perf_counter()
            build_site(all_lessons(ROOT / "lessons"), site, "leerlingen", log=lambda m: None)
            results["rebuild_noop_s"] = round(time.perf_counter() - t0, 2)
        results["site_mb"] = round(_du(site) / 1e6, 1)
        results["pyodide_mb"] = round(_du(site / "static" / "pyodide") / 1e6, 1)
        results["profile"] = {"shipped": node_profile(site / "static" / "pyodide"),
                              "without_bytecode": profile_without_bytecode(Path(tmp))}
        baseline = add_baseline(site)
        lessons = sorted(p.name for p in (site / "les").iterdir()
                         if p.is_dir() and p.name != BASELINE)
        if args.lessons:
            lessons = [f for f in lessons if f[:2] in args.lessons.split(",")]
        server, handler, base = _serve(site)
        servers.append(server)
        bases = {"site": base}
        if args.compare:
            before = _copy_site(args.compare, Path(tmp) / "before")
            add_baseline(before)
            servers.append(_serve(before)[0])
            bases["before"] = _serve_base(servers[-1])
            results["compare"] = str(args.compare)
        instr = Path(tmp) / "instrumented"
        instrumented = instrumented_copy(site, instr)
        if instrumented:
            servers.append(_serve(instr)[0])
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
                # bytes of a first visit, and click -> feedback (lesson 01's student page)
                ctx = browser.new_context()
                ctx.add_init_script(MILESTONES_JS)
                page = ctx.new_page()
                handler.sent = 0
                page.goto(f"{base}/index.html")
                _visit(page, f"{base}/{lesson_url(lessons[0])}")
                results["first_visit_mb"] = round(handler.sent / 1e6, 1)
                times = page.evaluate(CLICK_JS, [40])
                results["click_ms"] = {"n": len(times), "p50": round(_pct(times, 50), 1),
                                       "p95": round(_pct(times, 95), 1)}
                ctx.close()
                browser.close()
                results["baseline"] = measure(p, bases, baseline, args.runs)
                results["lessons"] = {}
                for folder in lessons:
                    results["lessons"][folder] = {
                        view: measure(p, bases, url(folder), args.runs)
                        for view, url in (("les", lesson_url), ("digibord", projector_url))}
                if instrumented:
                    ibase = _serve_base(servers[-1])
                    results["warm_steps"] = {
                        name: warm_breakdown(p, ibase, url, args.runs) for name, url in (
                            ("baseline", baseline), (f"{lessons[0]} les", lesson_url(lessons[0])),
                            (f"{lessons[0]} digibord", projector_url(lessons[0])))}
                if not args.no_throttle:
                    one = {"site": base}
                    results["throttled"] = {
                        "rate": THROTTLE,
                        "baseline": measure(p, one, baseline, args.runs, THROTTLE),
                        "les": measure(p, one, lesson_url(lessons[0]), args.runs, THROTTLE),
                        "digibord": measure(p, one, projector_url(lessons[0]), args.runs,
                                            THROTTLE),
                        "lesson": lessons[0]}
        finally:
            for s in servers:
                s.shutdown()
    results["loadavg_after"] = os.getloadavg()
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "site.json").write_text(json.dumps(results, indent=1), "utf-8")
    (RESULTS / "site.md").write_text(render_md(results), "utf-8")
    print(render_md(results))
    return 0


def _serve_base(server) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}"


def _row(name: str, m: dict, base: dict | None = None, compare: bool = False) -> str:
    c, w = m["cold"], m["warm"]
    over = (f" | +{c['widget'] - base['cold']['widget']:.2f} / +{w['widget'] - base['warm']['widget']:.2f}"
            if base else " | –")
    b = m.get("before")
    was = (f" | {b['cold']['widget']} / **{b['warm']['widget']}**" if b else " | –") if compare else ""
    return (f"| {name} | {c['ui']} / {c['kernel']} / **{c['widget']}** / {c['all']} | "
            f"{w['ui']} / {w['kernel']} / **{w['widget']}** / {w['all']}{over}{was} |")


def render_md(r: dict) -> str:
    g = r["goals"]
    la, lb = r["loadavg_before"], r["loadavg_after"]
    cmp = "compare" in r
    lines = [
        "# Static site benchmark (student site, chromium, 127.0.0.1)", "",
        f"- machine: {r['cpus']} CPUs; load average before {la[0]:.1f} / {la[1]:.1f} / {la[2]:.1f},"
        f" after {lb[0]:.1f} / {lb[1]:.1f} / {lb[2]:.1f} (1 / 5 / 15 min)",
        *([f"- build: {r['build_s']} s, no-op rebuild: {r['rebuild_noop_s']} s"]
          if "build_s" in r else []),
        f"- site on disk: {r['site_mb']} MB (of which Pyodide + wheels {r['pyodide_mb']} MB)",
        f"- first visit (start page + lesson 01): {r['first_visit_mb']} MB (goal <= "
        f"{g['first_visit_mb']} MB)",
        f"- quiz click -> feedback: p50 {r['click_ms']['p50']} ms, p95 {r['click_ms']['p95']} ms "
        f"(goal <= {g['click_p95_ms']} ms, n={r['click_ms']['n']})",
        *([f"- before: `{r['compare']}`, served next to the site and visited in turn"] if cmp else []),
        "",
        f"Seconds from navigation, median of {r['baseline']['runs']}: page UI / first cell run "
        f"(kernel up) / **first widget usable** (loading message gone) / every cell run. Cold: a "
        "new browser profile on disk; warm: the same profile after the browser was closed and "
        f"started again. Goal: first widget <= {g['first_widget_cold_s']} s cold, <= "
        f"{g['first_widget_warm_s']} s warm. Overhead: first widget minus the baseline's, cold / "
        "warm." + (" Before: first widget cold / warm of the compared site." if cmp else ""), "",
        "| page | cold | warm (second visit) | overhead |" + (" before |" if cmp else ""),
        "|---|---|---|---|" + ("---|" if cmp else ""),
        _row("baseline: one ipywidgets button", r["baseline"], compare=cmp)]
    for folder, views in r["lessons"].items():
        for view, m in views.items():
            lines.append(_row(f"{folder} {view}", m, r["baseline"], cmp))
    warm = r.get("warm_steps")
    if warm:
        names = list(warm)
        lines += ["", "Where a warm visit's time goes (seconds from navigation to the end of "
                  "each step, timed inside the kernel worker of an instrumented copy of the "
                  f"site, median of {r['baseline']['runs']}):", "",
                  "| step | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
        for step in next(iter(warm.values())):
            lines.append(f"| {step} | " + " | ".join(
                "–" if warm[n][step] is None else str(warm[n][step]) for n in names) + " |")
    t = r.get("throttled")
    if t:
        lines += ["", f"CPU throttled {t['rate']}x (lesson {t['lesson']}):", "",
                  "| page | cold | warm (second visit) | overhead |", "|---|---|---|---|",
                  _row("baseline", t["baseline"]), _row("les", t["les"], t["baseline"]),
                  _row("digibord", t["digibord"], t["baseline"])]
    pr = r["profile"]
    lines += ["", "Where the kernel's time goes (Pyodide under Node, seconds, cumulative imports):",
              "", "| step | shipped (bytecode) | without bytecode |", "|---|---|---|"]
    for k in pr["shipped"]:
        lines.append(f"| {k.removesuffix('_s')} | {pr['shipped'][k]} | "
                     f"{pr['without_bytecode'].get(k, '–')} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
