"""Runtime settings of the widgets: who reads, in which style, in which language.

The one channel from the tool (``kijkverder lab``, ``present``, ``release`` and the static site)
into a kernel is a small file ``kijkverder-view.yaml``, found the way ``school.yaml`` is found
(:func:`find_beside_lessons`): in the kernel's working directory (the lesson folder), else in its
parent (the folder with all lessons). Every key is optional::

    # kijkverder-view.yaml
    role: teacher      # student (default) | teacher: hints, teacher notes, the class tally
    style: projector   # normal (default) | projector: large type, high contrast
    language: nl       # nl (default) | en: the language of the widgets' buttons and labels

Lesson code cannot choose the audience: widgets take the role only from here. The environment
variables ``KIJKVERDER_VIEW`` (``student``/``teacher``) and ``KIJKVERDER_STYLE``
(``normal``/``projector``) override the file (tests use them, and ``kijkverder lab --teacher``,
which serves the source lessons in place and writes no file next to them).

The file is read safely: a regular file (no symlink, FIFO or device), at most
:data:`MAX_BYTES`, plain YAML without anchors, aliases or duplicate keys. Anything else raises
:class:`SettingsError` with one line ``PATH: field: what is wrong (fix)``.
"""
from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

import yaml

from .contentio import YAMLRefused, load_yaml, read_bounded

SETTINGS_FILE = "kijkverder-view.yaml"
#: A settings file is three short lines; anything bigger is not one.
MAX_BYTES = 4096
#: Allowed values per key; the first one is the default.
CHOICES: dict[str, tuple[str, ...]] = {
    "role": ("student", "teacher"),
    "style": ("normal", "projector"),
    "language": ("nl", "en"),
}
#: Environment variables that override a key (for tests and the tool's own processes).
ENV_OVERRIDES = {"role": "KIJKVERDER_VIEW", "style": "KIJKVERDER_STYLE"}


class SettingsError(ValueError):
    """A broken settings file or override; the message is one line ``PATH: field: problem (fix)``."""


@dataclass(frozen=True)
class Settings:
    role: str = "student"
    style: str = "normal"
    language: str = "nl"
    #: The file the values came from (``None``: defaults and environment only).
    path: Path | None = None

    @property
    def teacher(self) -> bool:
        return self.role == "teacher"


def find_beside_lessons(name: str, start: str | os.PathLike[str] | None = None) -> Path | None:
    """A file shared by the lessons (``kijkverder-view.yaml``, ``school.yaml``): in ``start``
    (default: the working directory, i.e. the lesson folder) or its parent (the lessons folder)."""
    base = Path(start) if start is not None else Path.cwd()
    for folder in (base, base.parent):
        candidate = folder / name
        if os.path.lexists(candidate):
            return candidate
    return None


def find_settings_file(start: str | os.PathLike[str] | None = None) -> Path | None:
    """``kijkverder-view.yaml`` in ``start`` (default: the working directory) or its parent."""
    return find_beside_lessons(SETTINGS_FILE, start)


def _read_text(path: Path) -> str:
    """The text of a settings file: told apart with ``lstat`` (a link or anything but a regular
    file is refused, never opened), read by the bounded reader of the content files
    (:func:`~widgets.contentio.read_bounded`: no link followed, a FIFO never waited for)."""
    try:
        info = os.lstat(path)
    except OSError as e:
        raise SettingsError(f"{path}: (file): cannot be read: {e.strerror} (check the file)"
                            ) from None
    if stat.S_ISLNK(info.st_mode):
        raise SettingsError(f"{path}: (file): is a symbolic link (write a regular file there)")
    if not stat.S_ISREG(info.st_mode):
        raise SettingsError(f"{path}: (file): is not a regular file (write a regular file "
                            f"there)")
    got = read_bounded(path, MAX_BYTES)
    if got is None:  # no permission, or swapped for a link or a FIFO since the lstat
        raise SettingsError(f"{path}: (file): cannot be read, or is no longer a regular file "
                            "(check the file)")
    data, size = got
    if size > MAX_BYTES:
        raise SettingsError(f"{path}: (file): is too large ({size} bytes, at most "
                            f"{MAX_BYTES}) (keep only role, style and language)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise SettingsError(f"{path}: (file): is not UTF-8 text (save it as UTF-8)") from None


def read_settings(path: str | os.PathLike[str]) -> Settings:
    """The settings in ``path`` (missing keys take their defaults)."""
    p = Path(path)
    text = _read_text(p)
    try:
        data = load_yaml(text)
    except YAMLRefused as e:
        line = e.problem_mark.line + 1 if e.problem_mark is not None else 0
        problem = (f"{e.key}: key appears twice (keep one)" if e.kind == "duplicate" else
                   "anchors and aliases (& and *) are not allowed (write the value itself)")
        raise SettingsError(f"{p}: line {line}: {problem}") from None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else "(file)"
        problem = getattr(e, "problem", None) or "not valid YAML"
        raise SettingsError(f"{p}: {where}: {problem} (write lines like 'role: teacher')"
                            ) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise SettingsError(f"{p}: (file): must be a mapping of keys to values "
                            f"(write lines like 'role: teacher')")
    values: dict[str, str] = {}
    for key, value in data.items():
        if key not in CHOICES:
            raise SettingsError(f"{p}: {str(key)[:40]}: unknown key (use one of "
                                f"{', '.join(CHOICES)})")
        if not isinstance(value, str) or value not in CHOICES[key]:
            raise SettingsError(f"{p}: {key}: must be one of {', '.join(CHOICES[key])} "
                                f"(fix the value)")
        values[key] = value
    return Settings(**values, path=p)


def current_settings(start: str | os.PathLike[str] | None = None) -> Settings:
    """The settings for widgets created now: the file (if any), then the environment overrides."""
    path = find_settings_file(start)
    settings = read_settings(path) if path is not None else Settings()
    overrides: dict[str, str] = {}
    for key, var in ENV_OVERRIDES.items():
        value = os.environ.get(var)
        if value is None or value == "":
            continue
        if value not in CHOICES[key]:
            raise SettingsError(f"${var}: {key}: must be one of {', '.join(CHOICES[key])} "
                                f"(fix or unset the variable)")
        overrides[key] = value
    if overrides:
        settings = Settings(**{**settings.__dict__, **overrides})
    return settings


def settings_text(role: str = "student", style: str = "normal", language: str = "nl") -> str:
    """The text of a settings file with these values (checked), for the tool that writes it."""
    values = {"role": role, "style": style, "language": language}
    for key, value in values.items():
        if value not in CHOICES[key]:
            raise SettingsError(f"{SETTINGS_FILE}: {key}: must be one of "
                                f"{', '.join(CHOICES[key])} (fix the value)")
    return ("# Written by kijkverder: how the widgets in these lessons show themselves.\n"
            + "".join(f"{key}: {value}\n" for key, value in values.items()))


def write_settings(folder: str | os.PathLike[str], role: str = "student", style: str = "normal",
                   language: str = "nl") -> Path:
    """Write ``kijkverder-view.yaml`` into ``folder`` (atomically) and return its path."""
    text = settings_text(role, style, language)
    path = Path(folder) / SETTINGS_FILE
    tmp = path.with_name(f".{SETTINGS_FILE}.{os.getpid()}.tmp")
    tmp.write_text(text, "utf-8")
    os.replace(tmp, path)
    return path


__all__ = ["SETTINGS_FILE", "Settings", "SettingsError", "current_settings", "find_settings_file",
           "read_settings", "settings_text", "write_settings"]
