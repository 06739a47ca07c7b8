"""What every part of the site build shares: the pins, the download cache, the error, running a
tool, hashing files, and reading the package's own templates and static files."""
from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
import tomllib
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Callable

#: The project folder (the wheel is built from its packages; the site's input key hashes them).
ROOT = Path(__file__).resolve().parent.parent.parent
PINS_FILE = Path(__file__).resolve().parent.parent / "site_pins.toml"

Log = Callable[[str], None]


class SiteError(RuntimeError):
    """A site that cannot be built, or that would load something from another host."""


def pins() -> dict:
    return tomllib.loads(PINS_FILE.read_text("utf-8"))


def cache_dir() -> Path:
    """Where downloads are kept between builds: ``$KIJKVERDER_SITE_CACHE``, else
    ``$XDG_CACHE_HOME/kijkverder/site``, else ``~/.cache/kijkverder/site``."""
    if os.environ.get("KIJKVERDER_SITE_CACHE"):
        return Path(os.environ["KIJKVERDER_SITE_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "kijkverder" / "site"


def _run(cmd: list[str], cwd: Path | None = None, env: dict | None = None) -> str:
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    if proc.returncode:
        tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-15:])
        raise SiteError(f"{' '.join(cmd[:4])}: failed with code {proc.returncode} (see below)\n{tail}")
    return proc.stdout


def _pip() -> list[str]:
    return [sys.executable, "-m", "pip", "--disable-pip-version-check"]



def _mk(p: Path) -> Path:
    p.mkdir(parents=True, exist_ok=True)
    return p


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _wheel_name(path: Path) -> str:
    return _norm(path.name.split("-")[0])



def _hash_tree(paths: list[Path], root: Path = ROOT) -> str:
    h = hashlib.sha256()
    for base in paths:
        files = [base] if base.is_file() else sorted(p for p in base.rglob("*") if p.is_file()
                                                        and "__pycache__" not in p.parts)
        for f in files:
            h.update(str(f.relative_to(root)).encode())
            h.update(f.read_bytes())
    return h.hexdigest()


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()



def static_text(name: str) -> str:
    """A file of ``kijkverder/site/static`` (package data), as text."""
    return resources.files(__package__).joinpath("static", name).read_text("utf-8")


@lru_cache(maxsize=1)
def templates():
    """The Jinja environment of ``kijkverder/site/templates`` (package data), escaping on."""
    from jinja2 import Environment, PackageLoader, StrictUndefined

    return Environment(loader=PackageLoader(__package__, "templates"), autoescape=True,
                       undefined=StrictUndefined, keep_trailing_newline=True,
                       trim_blocks=True, lstrip_blocks=True)
