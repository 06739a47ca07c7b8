"""Reading content files safely, and saying what is wrong with one in a line: the project's one
YAML loader (:class:`ContentLoader`: safe, no anchors or aliases, no duplicate keys), bounded reads
of regular files checked with ``lstat`` first (:func:`file_problem`, :func:`read_text_file`), and
the one-line problems they raise (:class:`Problem`, :class:`ContentError`)."""
from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

#: Content files larger than this are refused (a lesson file is a few KB).
MAX_FILE_BYTES = 256 * 1024
#: Lesson notebooks larger than this are refused: room for saved outputs and widget state (a
#: lesson notebook is 10-40 KB).
MAX_NOTEBOOK_BYTES = 4 * 1024 * 1024


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one file: ``PATH: field: message``."""

    path: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.field}: {self.message}"


class ContentError(Exception):
    """A content file could not be loaded; ``problems`` says why."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def display_path(path: str | os.PathLike[str]) -> str:
    p = Path(path)
    try:  # the file's own name (a symbolic link is never followed for its name)
        return str((p.parent.resolve() / p.name).relative_to(Path.cwd().resolve()))
    except (ValueError, RuntimeError, OSError):
        return str(p)


class YAMLRefused(yaml.MarkedYAMLError):
    """A construct the content loader does not accept: ``kind`` is "alias" (an anchor or an
    alias) or "duplicate" (a key given twice: ``key``)."""

    def __init__(self, kind: str, key: Any = None, **kw: Any):
        super().__init__(**kw)
        self.kind, self.key = kind, key


class ContentLoader(yaml.SafeLoader):
    """PyYAML's SafeLoader that refuses anchors and aliases (no "billion laughs" expansion, ever)
    and duplicate keys, before anything walks the data."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise YAMLRefused("alias", problem="YAML anchors and aliases (&, *) are not allowed; write the "
                               "value out in full", problem_mark=event.start_mark)
        return super().compose_node(parent, index)

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        if isinstance(node, yaml.MappingNode):
            seen: dict[Any, Any] = {}
            for key_node, _ in node.value:
                key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
                if key is None:
                    continue
                if key in seen:
                    raise YAMLRefused(
                        "duplicate", key, problem=f"duplicate key {short_repr(key)} (also on line "
                                f"{seen[key].line + 1}); keep one of them",
                        problem_mark=key_node.start_mark)
                seen[key] = key_node.start_mark
        return super().construct_mapping(node, deep=deep)


def short_repr(value: Any, limit: int = 60) -> str:
    """``repr`` of a value, cut short (never the whole of a huge value)."""
    if isinstance(value, (list, dict)):
        return f"a {'list' if isinstance(value, list) else 'mapping'}"
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "…"


def load_yaml(text: str | bytes) -> Any:
    """The data of a YAML text, read by :class:`ContentLoader`: the project's one YAML parse.
    Raises :class:`YAMLRefused` (an anchor, an alias, a duplicate key), another
    ``yaml.YAMLError`` (broken YAML) or ``RecursionError`` (nested too deeply)."""
    return yaml.load(text, Loader=ContentLoader)  # noqa: S506 - ContentLoader is a SafeLoader


def parse_yaml(text: str, path: str = "<text>") -> Any:
    """Parse the YAML of a content file (or the help registry) with :class:`ContentLoader`;
    raise :class:`ContentError` with one ``PATH: line N: …`` problem on anything it refuses."""
    try:
        return load_yaml(text)
    except YAMLRefused as e:
        line = f"line {e.problem_mark.line + 1}" if e.problem_mark is not None else "(file)"
        raise ContentError([Problem(path, line, str(e.problem))]) from None
    except yaml.YAMLError as e:
        # where parsing failed; for an unclosed quote or bracket, where it was opened (the
        # context of a block collection is its first line, far from the broken one)
        context = getattr(e, "context", None) or ""
        opened = context.startswith(("while scanning a quoted", "while parsing a flow"))
        mark = ((getattr(e, "context_mark", None) if opened else None)
                or getattr(e, "problem_mark", None) or getattr(e, "context_mark", None))
        where = f"line {mark.line + 1}" if mark is not None else "(file)"
        problem = getattr(e, "problem", None) or str(e).splitlines()[0]
        raise ContentError([Problem(path, where, f"YAML syntax error: {problem}; "
                                    "check indentation and quotes")]) from None
    except RecursionError:
        raise ContentError([Problem(path, "(file)", "nested too deeply; simplify the "
                                    "structure")]) from None


def file_problem(path: str | os.PathLike[str], root: str | os.PathLike[str] | None = None
                 ) -> Problem | None:
    """Why ``path`` may not be opened as a lesson file, or None if it is a regular file inside
    ``root`` (default: its own folder). Uses ``lstat`` first, so nothing odd is ever opened:
    missing files, directories, FIFOs, devices, symbolic link loops, broken links and links that
    point out of the folder are all reported."""
    import stat

    shown = display_path(path)
    p = Path(path)
    folder = Path(root) if root is not None else p.parent
    try:
        st = p.lstat()
    except FileNotFoundError:
        return Problem(shown, "(file)", "file not found; check the name and folder")
    except OSError as e:
        return Problem(shown, "(file)", f"cannot be read ({e.strerror}); check the file")
    if stat.S_ISLNK(st.st_mode):
        try:
            target = p.resolve(strict=True)
        except RuntimeError:
            return Problem(shown, "(file)", "symbolic link loop; replace the link with the file")
        except FileNotFoundError:
            return Problem(shown, "(file)", "broken symbolic link (its target does not exist); "
                           "replace the link with the file")
        except OSError as e:
            if e.errno == 40:  # ELOOP
                return Problem(shown, "(file)", "symbolic link loop; replace the link with the file")
            return Problem(shown, "(file)", f"cannot be read ({e.strerror}); check the file")
        try:
            target.relative_to(folder.resolve())
        except ValueError:
            return Problem(shown, "(file)", "symbolic link that points outside the lesson folder; "
                           "copy the file into the lesson folder instead")
        try:
            st = target.stat()
        except OSError as e:
            return Problem(shown, "(file)", f"cannot be read ({e.strerror}); check the file")
    if not stat.S_ISREG(st.st_mode):
        what = "a folder" if stat.S_ISDIR(st.st_mode) else "a pipe, device or socket"
        return Problem(shown, "(file)", f"not a regular file ({what}); lesson files are plain "
                       "text files")
    return None


def read_text_file(path: str | os.PathLike[str], root: str | os.PathLike[str] | None = None,
                   max_bytes: int = MAX_FILE_BYTES) -> str:
    """The UTF-8 text of a lesson file, after :func:`file_problem` allowed it; raise
    :class:`ContentError` otherwise (too large, not UTF-8, odd file)."""
    shown = display_path(path)
    problem = file_problem(path, root)
    if problem is not None:
        raise ContentError([problem])
    try:
        # O_NONBLOCK: should the file have been swapped for a FIFO since the check, never block.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as e:
        raise ContentError([Problem(shown, "(file)", f"cannot be read ({e.strerror}); check the "
                                    "file")]) from None
    with os.fdopen(fd, "rb") as f:
        import stat

        size = os.fstat(f.fileno()).st_size
        if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
            raise ContentError([Problem(shown, "(file)", "not a regular file; lesson files are "
                                        "plain text files")])
        if size > max_bytes:
            raise ContentError([Problem(shown, "(file)", f"file is too large ({size} bytes, at "
                                        f"most {max_bytes}); split it up")])
        raw = f.read(max_bytes + 1)
    if len(raw) > max_bytes:
        raise ContentError([Problem(shown, "(file)", f"file is too large (more than {max_bytes} "
                                    "bytes); split it up")])
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise ContentError([Problem(shown, "(file)", f"not UTF-8 text (byte {e.start}); save the file "
                                    "as UTF-8")]) from None


def read_bounded(path: Path, limit: int) -> tuple[bytes, int] | None:
    """``(bytes, size)`` of the regular file ``path`` (not through a link) if it holds at most
    ``limit`` bytes; ``(b"", size)`` if it is larger (nothing read); ``None`` if it is not a
    regular file or cannot be read."""
    try:
        # getattr: the kernel side reads its view file with this too, also in a browser
        # kernel (Pyodide), whose os module may lack a flag
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)
                     | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None
    with os.fdopen(fd, "rb") as f:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            return None
        if st.st_size > limit:
            return b"", st.st_size
        try:
            data = f.read(limit + 1)
        except OSError:
            return None
    if len(data) > limit:
        return b"", len(data)
    return data, len(data)
