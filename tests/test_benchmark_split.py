"""The print-speed split of ``benchmarks/run.py`` (issue 27 item 7) must time the functions the
build really calls: a module that imported a phase's function by name holds its own reference."""
import importlib
import sys

from benchmarks.run import SPLIT_PHASES, _split_timers


def _holders_of_originals() -> list[str]:
    found = []
    for name, (where, attr) in SPLIT_PHASES.items():
        mod, _, cls = where.partition(":")
        if cls:
            continue  # a method is looked up on its class: patching the class reaches every caller
        original = getattr(importlib.import_module(mod), attr)
        for other in list(sys.modules.values()):
            if (getattr(other, "__name__", "").partition(".")[0] in ("kijkverder", "handouts")
                    and other.__dict__.get(attr) is original):
                found.append(f"{name}: {other.__name__}.{attr}")
    return found


def test_every_caller_of_a_phase_reaches_its_timer():
    importlib.import_module("kijkverder.build")  # the build imports the phases by name
    before = _holders_of_originals()
    assert any(h.startswith("HTML") and "kijkverder.build" in h for h in before), before
    times, counts, restore = _split_timers(SPLIT_PHASES)
    try:
        left = []
        for name, (where, attr) in SPLIT_PHASES.items():
            mod, _, cls = where.partition(":")
            if cls:
                continue
            for other in list(sys.modules.values()):
                fn = getattr(other, "__dict__", {}).get(attr)
                if (getattr(other, "__name__", "").partition(".")[0] in ("kijkverder", "handouts")
                        and fn is not None and getattr(fn, "__wrapped__", None) is None
                        and callable(fn) and fn.__module__ == mod):
                    left.append(f"{name}: {other.__name__}.{attr}")
        assert left == []
    finally:
        restore()
    assert _holders_of_originals() == before  # restore puts every reference back
