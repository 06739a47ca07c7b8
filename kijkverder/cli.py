"""The ``kijkverder`` command: check, handouts, release, site, lab, present."""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path


def _cmd_check(args: argparse.Namespace) -> int:
    from .check import check_paths

    paths = args.paths or ["lessons"]
    problems = check_paths(paths)
    for p in problems:
        print(p)
    if problems:
        print(f"{len(problems)} problem(s) found", file=sys.stderr)
        return 1
    print("kijkverder check: all good", file=sys.stderr)
    return 0


def _cmd_handouts(args: argparse.Namespace) -> int:
    from handouts.build import build
    from .lessons import resolve_lessons

    t0 = time.perf_counter()
    notebooks = resolve_lessons(args.lessons)
    if not notebooks:
        print("kijkverder: no lessons found (run this in the project folder)", file=sys.stderr)
        return 1
    out = Path(args.out)
    paths = build(notebooks, out, jobs=args.jobs, force=args.force, book=not args.no_book,
                  log=lambda m: print(m, file=sys.stderr))
    for p in paths:
        print(p)
    print(f"done in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    return 0


def _cmd_release(args: argparse.Namespace) -> int:
    from .lessons import resolve_lessons
    from .release import release

    release(resolve_lessons(args.lessons), Path(args.out))
    return 0


def _cmd_site(args: argparse.Namespace) -> int:
    from .lessons import resolve_lessons
    from .site import SiteError, build_site

    t0 = time.perf_counter()
    try:
        build_site(resolve_lessons(args.lessons), Path(args.out), audience=args.audience,
                   force=args.force, log=lambda m: print(m, file=sys.stderr))
    except SiteError as e:
        print(str(e), file=sys.stderr)
        return 1
    print(f"done in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    return 0


def _jupyter_root_flags() -> list[str]:
    return ["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []


#: JupyterLab settings for a classroom: no news popup, no update checks, no extension manager
#: queries to PyPI. Nothing leaves the machine.
LAB_QUIET = ["--LabApp.news_url=None",
             "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
             "--LabServerApp.extension_manager=readonly"]


def lab_config_dir() -> str:
    """A Jupyter config folder whose ``labconfig/page_config.json`` disables the announcements
    plugin (the news popup and its update check). It is put on ``JUPYTER_CONFIG_PATH`` in front
    of the user's own config, which stays in effect."""
    import getpass
    import json
    import tempfile

    try:
        user = getpass.getuser()
    except Exception:  # pragma: no cover - no user name (some containers)
        user = str(os.getuid()) if hasattr(os, "getuid") else "user"
    cfg = Path(tempfile.gettempdir()) / f"kijkverder-lab-config-{user}"
    (cfg / "labconfig").mkdir(parents=True, exist_ok=True)
    (cfg / "labconfig" / "page_config.json").write_text(json.dumps({"disabledExtensions": {
        "@jupyterlab/apputils-extension:announcements": True}}), "utf-8")
    return str(cfg)


def lab_command(directory: str, ip: str = "127.0.0.1", port: int = 8888,
                open_browser: bool = True) -> tuple[list[str], dict[str, str]]:
    """The JupyterLab command line and environment of ``kijkverder lab``."""
    env = {**os.environ, "JUPYTER_CONFIG_PATH": os.pathsep.join(
        [lab_config_dir(), *filter(None, [os.environ.get("JUPYTER_CONFIG_PATH")])])}
    cmd = [sys.executable, "-m", "jupyterlab", f"--notebook-dir={directory}",
           f"--ServerApp.ip={ip}", f"--ServerApp.port={port}", *LAB_QUIET,
           *_jupyter_root_flags()]
    if not open_browser:
        cmd.append("--no-browser")
    return cmd, env


def _cmd_lab(args: argparse.Namespace) -> int:
    cmd, env = lab_command(args.dir, args.ip, args.port, open_browser=not args.no_browser)
    os.execve(sys.executable, cmd, env)
    return 0  # pragma: no cover


def _cmd_present(args: argparse.Namespace) -> int:
    from .present import present

    return present(args.lesson, teacher=args.teacher, port=args.port, open_browser=not args.no_browser)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="kijkverder", description="Kijk Verder lessons: check, "
                                "print, hand out and present.")
    sub = p.add_subparsers(dest="command", required=True)

    c = sub.add_parser("check", help="validate notebooks and content files")
    c.add_argument("paths", nargs="*", help="files or folders (default: lessons)")
    c.set_defaults(func=_cmd_check)

    h = sub.add_parser("handouts", help="build the PDFs: werkblad, docentenversie, knipkaarten")
    h.add_argument("lessons", nargs="*", help="lesson numbers, folders or notebooks (default: all)")
    h.add_argument("--out", default="handouts-pdf", help="output folder (default: handouts-pdf)")
    h.add_argument("--jobs", type=int, default=None, help="parallel processes (default: CPUs)")
    h.add_argument("--force", action="store_true", help="rebuild even when nothing changed")
    h.add_argument("--no-book", action="store_true", help="skip the combined teacher book")
    h.set_defaults(func=_cmd_handouts)

    r = sub.add_parser("release", help="student notebooks without teacher material")
    r.add_argument("lessons", nargs="*")
    r.add_argument("--out", default="release")
    r.set_defaults(func=_cmd_release)

    st = sub.add_parser("site", help="static offline website: every lesson in the browser "
                        "(JupyterLite), projector view and PDFs")
    st.add_argument("lessons", nargs="*", help="lesson numbers or folders (default: all)")
    st.add_argument("--out", default="site", help="output folder (default: site)")
    st.add_argument("--audience", choices=["leerlingen", "docenten"], default="leerlingen",
                    help="leerlingen (default): student material only; docenten: also the "
                    "teacher view, teacher editions and the teacher book")
    st.add_argument("--force", action="store_true", help="rebuild even when nothing changed")
    st.set_defaults(func=_cmd_site)

    lab = sub.add_parser("lab", help="open JupyterLab on the lessons")
    lab.add_argument("--dir", default="lessons")
    lab.add_argument("--ip", default="127.0.0.1")
    lab.add_argument("--port", type=int, default=8888)
    lab.add_argument("--no-browser", action="store_true")
    lab.set_defaults(func=_cmd_lab)

    pr = sub.add_parser("present", help="projector view of a lesson (Voilà)")
    pr.add_argument("lesson")
    pr.add_argument("--teacher", action="store_true", help="also show teacher-only cells")
    pr.add_argument("--port", type=int, default=8866)
    pr.add_argument("--no-browser", action="store_true")
    pr.set_defaults(func=_cmd_present)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
