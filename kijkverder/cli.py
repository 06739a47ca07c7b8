"""The ``kijkverder`` command: check, handouts, preview, release, site, lab, present."""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .messages import english, line, say, say_line
from .series import LEVELS


def _english(args: argparse.Namespace) -> bool:
    """English messages for contributors (``--english`` or ``KIJKVERDER_ENGLISH=1``); Dutch for
    a teacher by default (see :mod:`kijkverder.messages`)."""
    return english(getattr(args, "english", False))


def _cmd_check(args: argparse.Namespace) -> int:
    from .language import Speller, SpellingUnavailable  # lazy: pulls in ipywidgets, pydantic

    en = _english(args)
    paths = args.paths or ["lessons"]
    try:  # started first: hunspell loads its dictionary while the other checks run
        speller: Speller | None = Speller()
    except SpellingUnavailable as e:
        print(line("no_spelling", en, why=e), file=sys.stderr)
        speller = None
    try:
        from .check import check_language, check_paths  # lazy: pulls in ipywidgets, pydantic

        parsed: dict = {}  # each notebook read once: the language check uses check's parse
        problems = check_paths(paths, parsed)
        try:
            problems += check_language(paths, speller, parsed)
        except SpellingUnavailable as e:
            print(line("no_spelling", en, why=e), file=sys.stderr)
            problems += check_language(paths, None, parsed)
    finally:
        if speller is not None:
            speller.close()
    for p in problems:
        print(say(p, en))
    from .check import fact_warnings  # lazy: pulls in ipywidgets, pydantic

    for w in fact_warnings(paths):  # a fact to re-check: said, but never a refusal
        print(w, file=sys.stderr)
    if problems:
        print(line("found", en, n=len(problems)), file=sys.stderr)
        return 1
    print(line("all_good", en), file=sys.stderr)
    return 0


def _school(args: argparse.Namespace) -> Path | None:
    """``--school PATH`` (every command that makes something for students has it; see
    :data:`SCHOOL_HELP`), or ``None`` for the default: ``school.yaml`` next to the lessons."""
    return Path(args.school) if args.school else None


def _report_refused(refused: dict[str, list]) -> None:
    """Fail closed: say which lessons were refused and why, one line per problem."""
    en = english()
    for lesson, problems in refused.items():
        for p in problems:
            print(say(p, en), file=sys.stderr)
        print(line("refused", en, lesson=lesson, n=len(problems)), file=sys.stderr)


def _cmd_handouts(args: argparse.Namespace) -> int:
    from .build import build  # lazy: pulls in ipywidgets, pydantic

    from .lessons import resolve_lessons  # lazy: pulls in ipywidgets, pydantic

    en = english()
    t0 = time.perf_counter()
    notebooks = resolve_lessons(args.lessons, level=args.reeks)
    if not notebooks:
        print(say_line("kijkverder: no lessons found (run this in the project folder)", en),
              file=sys.stderr)
        return 1
    # the book holds every lesson: a build of some lessons leaves an existing book alone
    book = not args.no_book and not args.lessons and not args.groot and not args.reeks
    result = build(notebooks, Path(args.out), jobs=args.jobs, force=args.force, book=book,
                   log=lambda m: print(say_line(m, en), file=sys.stderr), large=args.groot,
                   school=_school(args))
    for p in result.paths:
        print(p)
    for m in result.kept:
        print(f"kijkverder: {say_line(m, en)}", file=sys.stderr)
    _report_refused(result.refused)
    print(say_line(f"done in {time.perf_counter() - t0:.1f} s", en), file=sys.stderr)
    return 1 if result.refused else 0


def _cmd_release(args: argparse.Namespace) -> int:
    from .lessons import resolve_lessons  # lazy: pulls in ipywidgets, pydantic
    from .release import release, release_out  # lazy: pulls in ipywidgets, pydantic

    out = Path(args.out or release_out(args.audience))
    result = release(resolve_lessons(args.lessons, level=args.reeks), out, audience=args.audience,
                     force=args.force, school=_school(args))
    for m in result.messages:
        print(m, file=sys.stderr)
    _report_refused(result.refused)
    return 1 if result.refused or result.kept else 0


def _cmd_site(args: argparse.Namespace) -> int:
    from .lessons import resolve_lessons  # lazy: pulls in ipywidgets, pydantic
    from .site import SiteError, build_site, default_out  # lazy: pulls in ipywidgets, pydantic

    t0 = time.perf_counter()
    try:
        out = Path(args.out or default_out(args.audience))
        build_site(resolve_lessons(args.lessons, level=args.reeks), out, audience=args.audience,
                   force=args.force, log=lambda m: print(m, file=sys.stderr),
                   school=_school(args))
    except SiteError as e:
        print(str(e), file=sys.stderr)
        return 1
    print(f"done in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    return 0


def _cmd_lab(args: argparse.Namespace) -> int:
    from .lab import UnsafeFolder, lab  # lazy: pulls in ipywidgets, pydantic

    try:
        return lab(args.dir, teacher=args.teacher, ip=args.ip, port=args.port,
                   open_browser=not args.no_browser, school=_school(args), lesson=args.lesson,
                   level=args.reeks)
    except (ValueError, UnsafeFolder) as e:
        print(e, file=sys.stderr)
        return 1


def _cmd_present(args: argparse.Namespace) -> int:
    from .present import PresentError, UnsafeFolder, present  # lazy: pulls in ipywidgets, pydantic

    try:
        return present(args.lesson, teacher=args.teacher, port=args.port,
                       open_browser=not args.no_browser, school=_school(args))
    except (PresentError, UnsafeFolder) as e:
        print(e, file=sys.stderr)
        return 1


def _cmd_preview(args: argparse.Namespace) -> int:
    from .lessons import resolve_lessons  # lazy: pulls in ipywidgets, pydantic
    from .preview import preview  # lazy: pulls in ipywidgets, pydantic

    notebooks = resolve_lessons([args.lesson])
    return preview(notebooks[0], Path(args.out), jobs=args.jobs,
                   log=lambda m: print(m, flush=True), english=_english(args))


ENGLISH_HELP = ("messages in English as PATH: field: message (for contributors; also "
                "KIJKVERDER_ENGLISH=1); default: plain Dutch with the line number")
SCHOOL_HELP = ("the school profile for the help cards (default: lessons/school.yaml; example: "
               "lessons/school.example.yaml)")


def _add_school(parser: argparse.ArgumentParser, reeks: bool = True) -> None:
    """``--school PATH`` and ``--reeks``, the same on every command that makes something for
    students."""
    parser.add_argument("--school", metavar="PATH", default=None, help=SCHOOL_HELP)
    if reeks:  # present opens one lesson: no series to choose
        parser.add_argument("--reeks", choices=LEVELS, default=None,
                            help="only one series: b1 (Kijk Verder) or eenvoudig (Kijk Verder "
                            "Eenvoudig, A2); default: both")


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="kijkverder", description="Kijk Verder lessons: check, "
                                "print, hand out and present.")
    sub = p.add_subparsers(dest="command", required=True)

    c = sub.add_parser("check", help="validate notebooks and content files")
    c.add_argument("paths", nargs="*", help="files or folders (default: lessons)")
    c.add_argument("--english", action="store_true", help=ENGLISH_HELP)
    c.set_defaults(func=_cmd_check)

    h = sub.add_parser("handouts", help="build the PDFs: werkblad, docentenversie, knipkaarten, strookjes")
    h.add_argument("lessons", nargs="*", help="lesson numbers, folders or notebooks (default: all)")
    h.add_argument("--out", default="handouts-pdf", help="output folder (default: handouts-pdf)")
    h.add_argument("--jobs", type=int, default=None, help="parallel processes (default: CPUs)")
    h.add_argument("--force", action="store_true", help="rebuild even when nothing changed")
    h.add_argument("--no-book", action="store_true", help="skip the combined teacher book")
    h.add_argument("--groot", action="store_true",
                   help="large print instead: grote-letters (worksheet, 16 pt, one column) and "
                        "grote-letters-knipkaarten")
    _add_school(h)
    h.set_defaults(func=_cmd_handouts)

    r = sub.add_parser("release", help="student notebooks without teacher material")
    r.add_argument("lessons", nargs="*")
    r.add_argument("--out", default=None, help="output folder (default: release for leerlingen, "
                   "release-docenten, release-ouders; one folder per audience)")
    r.add_argument("--audience", choices=("leerlingen", "docenten", "ouders"), default="leerlingen",
                   help="whose lessons to release (default: leerlingen; docenten = the teacher "
                   "guide with teacher material, ouders = the parents' evening)")
    r.add_argument("--force", action="store_true", help="overwrite notebooks changed since the "
                   "last release (student work is lost)")
    _add_school(r)
    r.set_defaults(func=_cmd_release)

    st = sub.add_parser("site", help="static offline website: every lesson in the browser "
                        "(JupyterLite), projector view and PDFs")
    st.add_argument("lessons", nargs="*", help="lesson numbers or folders (default: all)")
    st.add_argument("--out", default=None, help="output folder (default: site for leerlingen, "
                    "site-docenten for docenten; one folder per audience)")
    st.add_argument("--audience", choices=["leerlingen", "docenten"], default="leerlingen",
                    help="leerlingen (default): student material only; docenten: also the "
                    "teacher view, teacher editions and the teacher book")
    st.add_argument("--force", action="store_true", help="rebuild even when nothing changed")
    _add_school(st)
    st.set_defaults(func=_cmd_site)

    lab = sub.add_parser("lab", help="open JupyterLab on a student copy of the lessons")
    lab.add_argument("lesson", nargs="?", default=None,
                     help="the lesson to open, e.g. 03 (default: the first lesson)")
    lab.add_argument("--dir", default="lessons")
    lab.add_argument("--teacher", action="store_true",
                     help="open the source lessons (with teacher material and their own "
                     "school.yaml; not with --school) instead of a student copy")
    lab.add_argument("--ip", default="127.0.0.1")
    lab.add_argument("--port", type=int, default=8888)
    lab.add_argument("--no-browser", action="store_true")
    _add_school(lab)
    lab.set_defaults(func=_cmd_lab)

    pr = sub.add_parser("present", help="projector view of a lesson (Voilà)")
    pr.add_argument("lesson")
    pr.add_argument("--teacher", action="store_true", help="also show teacher-only cells")
    pr.add_argument("--port", type=int, default=8866)
    pr.add_argument("--no-browser", action="store_true")
    _add_school(pr, reeks=False)
    pr.set_defaults(func=_cmd_present)

    pv = sub.add_parser("preview", help="watch one lesson: check and rebuild its PDFs on every save")
    pv.add_argument("lesson", help="lesson number, folder or notebook")
    pv.add_argument("--out", default="handouts-pdf", help="output folder (default: handouts-pdf)")
    pv.add_argument("--jobs", type=int, default=None, help="parallel processes (default: CPUs)")
    pv.add_argument("--english", action="store_true", help=ENGLISH_HELP)
    pv.set_defaults(func=_cmd_preview)
    return p


def _skip_slow_iri_checker() -> None:
    """Keep ``rfc3987_syntax`` out of this process (it compiles ~35 Lark grammars on import: 1-4 s
    of every ``kijkverder`` command that reads a notebook). ``jsonschema`` imports it eagerly for
    its ``iri`` format checker, which no notebook schema uses; see python-jsonschema/jsonschema
    #1428. Blocking an import with ``None`` in ``sys.modules`` is the documented way; servers
    (lab, present) run in their own processes and are not affected."""
    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]


#: Commands whose output carries the help card's "Op school" part.
_SCHOOL_COMMANDS = ("check", "handouts", "release", "site", "lab", "present", "preview")


def _school_notice(args: argparse.Namespace) -> None:
    """Without a school profile the help cards show students a fill-in block (paper) or a
    neutral line (screen); the instruction to fill in the profile goes to the teacher, here,
    after a command that made (or checked) something for students."""
    from widgets.registry import SCHOOL_EXAMPLE, SCHOOL_FILE  # lazy: pulls in ipywidgets, pydantic

    lessons = Path("lessons")
    if (args.command in _SCHOOL_COMMANDS and not getattr(args, "school", None)
            and lessons.is_dir() and not (lessons / SCHOOL_FILE).exists()):
        print(f"Let op: er is nog geen schoolprofiel ({lessons / SCHOOL_FILE}). Op de hulpkaart "
              "staat daarom op papier een blok om zelf in te vullen en op het scherm 'vraag je "
              f"mentor'. Vul het in met {lessons / SCHOOL_EXAMPLE} als voorbeeld: zie 'Hulp op "
              "school' in README.md.", file=sys.stderr)


def _stop_on_hangup() -> None:
    """SIGTERM and SIGHUP (a closed terminal) stop a command the way Ctrl-C does: its pool is
    shut down and its temporary folders removed (the servers of lab and present install their
    own handlers, which do the same)."""
    import signal

    def stop(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, stop)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    _skip_slow_iri_checker()
    _stop_on_hangup()
    from .targets import OutputRefused  # lazy: pulls in ipywidgets, pydantic

    from .lessons import LessonError, LessonNotFound  # lazy: pulls in ipywidgets, pydantic

    try:
        code = int(args.func(args) or 0)
        if code == 0:  # after the work (an error stays the one line a teacher reads)
            _school_notice(args)
        return code
    except KeyboardInterrupt:
        return 130
    except (LessonNotFound, OutputRefused) as e:
        print(say_line(str(e), english(getattr(args, "english", False))), file=sys.stderr)
        return 1
    except LessonError as e:
        for p in e.problems:
            print(say(p, english(getattr(args, "english", False))), file=sys.stderr)
        print("kijkverder: refused: the lesson fails kijkverder check", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
