"""Kijk Verder benchmarks: ``python -m benchmarks.run`` (or ``make bench``).

Measures, in one run on this machine, and writes benchmarks/results/report.{md,json}:
1. full handout build (all lessons x editions, PDF) vs a bare ``jupyter nbconvert --to html``
   process per notebook; no-op rebuild;
2. executing every lesson with nbclient in one process (seconds beyond kernel start);
3. chromium: lesson open -> all widgets rendered, click -> feedback latency (p50/p95, >= 30 clicks)
   in JupyterLab and in the projector view (Voilà);
4. PDF sizes.
No goals are asserted here; the report compares against them.
"""
from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
sys.path.insert(0, str(ROOT))


def timed(cmd: list[str], **kw) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kw)
    return time.perf_counter() - t0


def bench_build(notebooks: list[Path], out: Path) -> dict:
    kv = [sys.executable, "-m", "kijkverder.cli", "handouts", "--out", str(out)]
    full = timed(kv + ["--force"], cwd=ROOT)
    noop = min(timed(kv, cwd=ROOT) for _ in range(3))
    html_dir = out / "html"
    bare = 0.0
    for nb in notebooks:
        bare += timed([sys.executable, "-m", "jupyter", "nbconvert", "--to", "html",
                       "--output-dir", str(html_dir), str(nb)])
    sizes = {p.name: p.stat().st_size for p in sorted(out.glob("*.pdf"))}
    return {"handouts_full_s": full, "bare_nbconvert_html_s": bare, "ratio": full / bare,
            "noop_rebuild_s": noop, "pdf_count": len(sizes), "pdf_sizes_bytes": sizes,
            "pdf_max_kb": max(sizes.values()) / 1024 if sizes else 0}


def bench_execute(notebooks: list[Path]) -> dict:
    import nbformat
    from nbclient import NotebookClient

    empty = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1")])
    t0 = time.perf_counter()
    NotebookClient(empty, kernel_name="python3").execute()
    kernel_start = time.perf_counter() - t0
    per = {}
    for nb_path in notebooks:
        nb = nbformat.read(nb_path, as_version=4)
        t0 = time.perf_counter()
        NotebookClient(nb, kernel_name="python3", timeout=300,
                       resources={"metadata": {"path": str(nb_path.parent)}}).execute()
        per[nb_path.parent.name] = time.perf_counter() - t0 - kernel_start
    return {"kernel_start_s": kernel_start, "beyond_kernel_start_s": per}


CLICK_JS = """
async ([n]) => {
  const times = [];
  for (let i = 0; i < n; i++) {
    const quiz = document.querySelector('.kv-quiz');
    const q = quiz.querySelector('.kv-question');
    const fb = q.querySelector('.kv-feedback-area');
    const btn = q.querySelector('button');
    const done = new Promise(res => {
      const obs = new MutationObserver(() => {
        if (fb.querySelector('.kv-feedback')) { obs.disconnect(); res(performance.now()); }
      });
      obs.observe(fb, {childList: true, subtree: true, characterData: true});
    });
    const t0 = performance.now();
    btn.click();
    const t1 = await done;
    times.push(t1 - t0);
    const retry = Array.from(quiz.querySelectorAll('button')).find(b => b.textContent.includes('Opnieuw'));
    const cleared = new Promise(res => {
      const obs = new MutationObserver(() => {
        if (!fb.querySelector('.kv-feedback')) { obs.disconnect(); res(); }
      });
      obs.observe(fb, {childList: true, subtree: true});
    });
    retry.click();
    await cleared;
  }
  return times;
}
"""


def _pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    k = max(0, min(len(xs) - 1, round(p / 100 * (len(xs) - 1))))
    return xs[k]


def bench_browser(nb_rel: str, lessons_dir: Path, clicks: int = 40) -> dict:
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, free_port, wait_http

    results: dict = {}
    port = free_port()
    lab = subprocess.Popen([sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root",
                            "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
                            "--ServerApp.token=", "--ServerApp.password=",
                            f"--ServerApp.root_dir={lessons_dir}"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    servers = [lab]
    try:
        wait_http(f"http://127.0.0.1:{port}/api", lab)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            from tests.browser.widgets_driver import run_all_cells
            t0 = time.perf_counter()
            run_all_cells(page, f"http://127.0.0.1:{port}", nb_rel)
            results["lab_open_to_widgets_s"] = time.perf_counter() - t0
            times = page.evaluate(CLICK_JS, [clicks])
            results["lab_click_ms"] = {"n": len(times), "p50": _pct(times, 50), "p95": _pct(times, 95)}
            try:
                from kijkverder.present import (TEMPLATE, new_token, offline_template, prepare,
                                                voila_command, voila_env)
                vport, token = free_port(), new_token()
                # the copy goes into the benchmark's own temp folder, removed with it
                nb = prepare(nb_rel.split("/")[0][:2], teacher=False, dest=lessons_dir.parent / "present")
                voila = subprocess.Popen(voila_command(nb, vport, teacher=False),
                                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                         env=voila_env(False, offline_template(nb.parent.parent), token))
                servers.append(voila)
                wait_http(f"http://127.0.0.1:{vport}/voila/templates/{TEMPLATE}/static/projector.css",
                          voila, timeout=120)
                t0 = time.perf_counter()
                page.goto(f"http://127.0.0.1:{vport}/?token={token}")
                page.wait_for_selector(".kv-helpcard", timeout=120_000)
                results["voila_open_to_widgets_s"] = time.perf_counter() - t0
                times = page.evaluate(CLICK_JS, [clicks])
                results["voila_click_ms"] = {"n": len(times), "p50": _pct(times, 50), "p95": _pct(times, 95)}
            except ImportError as e:
                results["voila"] = f"not measured: {e}"
            browser.close()
    finally:
        for s in servers:
            s.terminate()
            s.wait(10)
    return results


def main() -> int:
    from kijkverder.lessons import all_lessons

    notebooks = all_lessons(ROOT / "lessons")
    RESULTS.mkdir(parents=True, exist_ok=True)
    report: dict = {"machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
                    "lessons": [nb.parent.name for nb in notebooks]}
    with tempfile.TemporaryDirectory() as tmp:
        print("1/3 handout build ...", flush=True)
        report["build"] = bench_build(notebooks, Path(tmp) / "out")
        print("2/3 executing lessons ...", flush=True)
        report["execute"] = bench_execute(notebooks)
        print("3/3 browser latency ...", flush=True)
        lessons_copy = Path(tmp) / "lessons"
        shutil.copytree(ROOT / "lessons", lessons_copy)
        nb_rel = f"{notebooks[0].parent.name}/{notebooks[0].name}" if notebooks else ""
        first_quiz = next((nb for nb in notebooks if "Quiz.load" in nb.read_text("utf-8")), None)
        if first_quiz:
            nb_rel = f"{first_quiz.parent.name}/{first_quiz.name}"
        report["browser"] = bench_browser(nb_rel, lessons_copy)
    (RESULTS / "report.json").write_text(json.dumps(report, indent=2), "utf-8")
    (RESULTS / "report.md").write_text(render_md(report), "utf-8")
    print(render_md(report))
    return 0


def render_md(r: dict) -> str:
    b, e, w = r["build"], r["execute"], r["browser"]
    lines = ["# Kijk Verder benchmark", "",
             f"Machine: {r['machine']['cpus']} CPUs, Python {r['machine']['python']}; "
             f"{len(r['lessons'])} lessons.", "",
             "| measure | value | goal |", "|---|---|---|",
             f"| full handout build ({b['pdf_count']} PDFs) | {b['handouts_full_s']:.1f} s | ≤ bare HTML |",
             f"| bare `nbconvert --to html`, one process per notebook | {b['bare_nbconvert_html_s']:.1f} s | |",
             f"| ratio ours / bare | {b['ratio']:.2f}× | ≤ 1.0× |",
             f"| no-op rebuild | {b['noop_rebuild_s']:.2f} s | ≤ 0.5 s |",
             f"| largest PDF | {b['pdf_max_kb']:.0f} KB | ≤ 400 KB |",
             f"| kernel start | {e['kernel_start_s']:.1f} s | |"]
    for k, v in e["beyond_kernel_start_s"].items():
        lines.append(f"| execute {k} (beyond kernel start) | {v:.2f} s | |")
    for view in ("lab", "voila"):
        if f"{view}_click_ms" in w:
            c = w[f"{view}_click_ms"]
            lines.append(f"| {view}: open → widgets rendered | {w[f'{view}_open_to_widgets_s']:.1f} s | |")
            lines.append(f"| {view}: click → feedback p50 / p95 (n={c['n']}) | {c['p50']:.0f} / "
                         f"{c['p95']:.0f} ms | p95 ≤ 100 ms |")
    lines += ["", "## PDF sizes", "", "| file | KB |", "|---|---|"]
    lines += [f"| {k} | {v / 1024:.0f} |" for k, v in b["pdf_sizes_bytes"].items()]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
