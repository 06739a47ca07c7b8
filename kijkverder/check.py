"""``kijkverder check``: validate lesson notebooks and content files.

Prints one line per problem, ``PATH: field: what is wrong (fix)``, and never a traceback.
"""
from __future__ import annotations

import difflib
import html
import json
import re
import unicodedata
from urllib.parse import unquote
from pathlib import Path
from typing import Any, Iterable, Iterator

import widgets
from widgets.registry import registry
from widgets.contentio import (MAX_NOTEBOOK_BYTES, ContentError, Problem, display_path, file_problem,
                               read_text_file)
from widgets.schema import load_content

from .cells import KNOWN_TAGS, CellCodeError, cell_tags, parse_calls
from .lessons import ref_problem

MAX_CODE_LINES = 3
URL_RE = re.compile(r"(https?://|www\.)\S+|\b[\w-]+\.(?:nl|com|org|chat|eu|net|be)\b", re.I)
#: Phone numbers: regional, mobile, 0800/0900 and +31 forms. The alarm number 112 alone is allowed
#: in lesson text ("bel 112"): every pupil must know it, and it is the same everywhere.
PHONE_RE = re.compile(r"(?<![\d-])(?:0\d{2,3}[- ]?\d{6,7}|06[- ]?\d{8}|0[89]00[- ]?\d{4}|"
                      r"(?:\+|00)31[\s-]?(?:\(0\))?\d(?:[\s-]?\d){7,9})(?![\d-])")
#: Bidi overrides/isolates and zero-width characters: they hide or reverse text (a phone number
#: split by a zero-width space, a reversed URL) and have no place in lesson text.
HIDDEN_RE = re.compile("[\u202a-\u202e\u2066-\u2069\u200b-\u200f\u2060\ufeff]")
#: Keyword arguments each widget documents for lesson code; anything else (e.g. ``teacher=``,
#: which would let lesson code choose the audience) is refused.
ALLOWED_KEYWORDS: dict[str, tuple[str, ...]] = {
    "HelpCard": ("topics", "orgs"),  # orgs: the short card of the easy-read series
    "Agreements": ("audience",),  # leerlingen or ouders: whom the agreements address
    "Timer": ("minutes", "seconds", "label"),
    "SelfCheck": ("moment",),  # "voor" (start of the lesson) or "na" (end)
}
#: A URL scheme such as ``https:``, ``file:``, ``javascript:``.
SCHEME_RE = re.compile(r"^\s*[a-z][a-z0-9+.-]*:", re.I)
HTML_TAG_RE = re.compile(r"<\s*(/?)\s*([a-z][a-z0-9-]*|!--|!|\?)", re.I)
EMAIL_RE = re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.]+\b")
LOVERBOY_RE = re.compile(r"loverboy", re.I)
#: A text may use "loverboy" only when it talks about the word itself.
TERM_DISCUSSION_RE = re.compile(r"\b(woord|term|begrip|misleidend|noemen|genoemd)\b", re.I)
#: What only the facts registry (``lessons/feiten.yaml``) may write out: figures ("6.250",
#: "12 procent", "300 slachtoffers", "… per jaar") and article numbers ("art. NNN",
#: "artikel 273f", "240b Sr"). Lessons use the fact by its id: ``{{ fact:ID }}``.
REGISTRY_ONLY: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\b\d{1,3}(?:\.\d{3})+(?:,\d+)?\b"), "figure"),
    (re.compile(r"\b\d+(?:[.,]\d+)?\s?(?:%|procent\b)", re.I), "percentage"),
    (re.compile(r"\b\d+\s(?:slachtoffers|meldingen|minderjarigen|jongeren|meisjes|jongens|mensen|"
                r"kinderen|vrouwen|mannen|zaken|daders|aangiftes)\b", re.I), "figure"),
    (re.compile(r"\b(?!(?:19|20)\d\d\b)\d[\d.,]*\s+(?:[\w'-]+\s+){0,3}(?:per|elk|ieder)\s+jaar\b",
                re.I), "figure"),
    (re.compile(r"\bart(?:ikel|\.)\s*\d+[a-z]{0,2}\b", re.I), "article number"),
    (re.compile(r"\b\d{2,3}[a-z]{1,2}\s+(?:Sr|WvSr|Wetboek)\b"), "article number"),
    (re.compile(r"\bvroeger\s+\d{2,3}[a-z]{1,2}\b", re.I), "article number"),
)
#: A fact's ``checked`` date older than this many days gives a warning.
FACT_MAX_AGE_DAYS = 365


def registry_problems(path: str, field: str, text: str, raw: str | None = None,
                      line_offset: int = 0) -> list[Problem]:
    """A figure or an article number written out in ``text`` (one field of a content file, or a
    markdown cell), each with its line: in ``raw`` (the file's text, for a content file) or
    within the cell (``raw`` None)."""
    from widgets.schema import FACTS_FILE

    probs = []
    seen: set[int] = set()
    for pattern, what in REGISTRY_ONLY:
        for m in pattern.finditer(text):
            if any(i in seen for i in range(m.start(), m.end())):
                continue
            seen.update(range(m.start(), m.end()))
            if raw is None:
                line = text.count("\n", 0, m.start()) + 1 + line_offset
            else:
                first = m.group(0).split()[0]
                at = raw.find(m.group(0))
                at = raw.find(first) if at < 0 else at
                line = raw.count("\n", 0, at) + 1 if at >= 0 else None
            where = f"{field} (line {line})" if line else field
            probs.append(Problem(path, where, f"{what} {m.group(0)!r} written out; figures and "
                                 f"articles live in the facts registry (lessons/{FACTS_FILE}): use "
                                 "the fact there as {{ fact:ID }}, or add it (with source and "
                                 "date checked)"))
    return probs


def fact_ref_problems(path: str, field: str, text: str, facts: Any) -> list[Problem]:
    """Fact references in ``text`` that name no fact of the registry, and braces that look like
    a reference but are not one."""
    from widgets.schema import FACT_LOOSE_RE, FACT_REF_RE, unknown_fact

    probs = []
    known = {f.id for f in facts.facts} if facts is not None else set()
    for m in FACT_REF_RE.finditer(text):
        if m.group(1) not in known:
            probs.append(Problem(path, field, unknown_fact(m.group(1), facts)))
    for m in FACT_LOOSE_RE.finditer(FACT_REF_RE.sub("", text)):
        probs.append(Problem(path, field, f"{m.group(0)!r} is not a fact reference; write "
                             "{{ fact:ID }} with the id of a fact in lessons/feiten.yaml"))
    return probs


def _facts_near(path: Path) -> Any:
    """The registry a lesson file uses (``None`` when there is none or it is broken: the
    registry's own check reports why)."""
    from widgets.schema import facts_path, load_facts

    try:
        return load_facts(facts_path(path))
    except ContentError:
        return None


def facts_problems(shown: str, content: Any) -> list[Problem]:
    """What the registry itself needs: teacher wording and a source for every fact."""
    probs = []
    for i, f in enumerate(content.facts):
        if f.teacher is None:
            probs.append(Problem(shown, f"facts[{i}].teacher", f"fact {f.id!r} has no teacher "
                                 "wording; add 'teacher:' (what the teacher reads)"))
        if f.source is None:
            probs.append(Problem(shown, f"facts[{i}].source", f"fact {f.id!r} has no source; add "
                                 "'source:' with publisher, title and url"))
    return probs


def fact_warnings(paths: Iterable[str | Path], today: Any = None) -> list[Problem]:
    """Facts of the registries under ``paths`` (or next to the lessons named) last checked more
    than a year before ``today``: a warning each, naming the fact and its date."""
    import datetime

    from widgets.schema import FACTS_FILE

    today = today or datetime.date.today()
    files: set[Path] = set()
    for f, _root in _targets(paths):
        if f.name == FACTS_FILE:
            files.add(f)
        elif f.suffix == ".ipynb" and (f.parent.parent / FACTS_FILE).is_file():
            files.add(f.parent.parent / FACTS_FILE)
    out = []
    for f in sorted(files):
        try:
            content = load_content(f, expected_kind="facts")
        except ContentError:
            continue  # reported by check
        for i, fact in enumerate(content.facts):
            age = (today - datetime.date.fromisoformat(fact.checked)).days
            if age > FACT_MAX_AGE_DAYS:
                out.append(Problem(display_path(f), f"facts[{i}].checked", f"warning: fact "
                                   f"{fact.id!r} was last checked on {fact.checked}, more than a "
                                   "year ago; check it against its source and update 'checked'"))
    return out
#: Lesson notebooks must show these widgets.
REQUIRED_WIDGETS = ("Lesson", "Agreements", "HelpCard")


#: Spelled-out dots and at signs: "wa[.]me", "naam (at) gmail (punt) com".
OBFUSCATED_DOT_RE = re.compile(r"\s*[\[(]\s*(?:dot|punt|\.)\s*[\])]\s*", re.I)
OBFUSCATED_AT_RE = re.compile(r"\s*[\[(]\s*(?:at|apenstaartje)\s*[\])]\s*", re.I)
#: Dashes a phone number may be written with.
DASHES_RE = re.compile("[\u2010-\u2015\u2212\ufe58\ufe63\uff0d]")
#: A host name: labels with dots; it is an address when its last labels are a public suffix
#: (the Public Suffix List: ``.nl``, ``.me`` as in ``wa.me``, ``.gg``, ``.io``, ``.app``, …).
HOST_RE = re.compile(r"(?<![\w@.-])(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z][a-z0-9-]*[a-z0-9]"
                     r"(?![\w-])", re.I)
#: An @handle (Instagram, TikTok, X, Snapchat, …): contact by another name.
HANDLE_RE = re.compile(r"(?<![\w.@])@[\w.]{2,}")
#: A messaging or calling link.
CONTACT_SCHEME_RE = re.compile(r"\b(?:mailto|tel|sms|callto|whatsapp|tg|sgnl|skype|viber|"
                               r"fb-messenger|snapchat|discord)\s*:\s*\S+", re.I)
#: A platform name followed by a user name with a digit or underscore ("Snap: lisa_2008").
PLATFORM_NAME_RE = re.compile(r"\b(?:snap(?:chat)?|insta(?:gram)?|tiktok|telegram|discord|signal|"
                              r"whatsapp|kik|wickr|threema|skype|wechat|twitter|facebook|fb|"
                              r"messenger)\s*[:=]?\s*@?[\w.]*[\d_][\w.]*", re.I)
#: A run of digits with the separators a phone number is written with.
DIGIT_RUN_RE = re.compile(r"(?<![\w+])(?:\+|00)?[\d(][\d\s().\-/]{5,}\d")


def normalise_contact_text(text: str) -> list[str]:
    """The forms of ``text`` the contact rule reads: characters as shown (entities decoded,
    compatibility forms such as full-width digits folded, hidden characters and markdown
    escapes dropped, every dash a '-', spelled-out dots and at signs as '.' and '@'), once as is
    and once without markdown emphasis marks (``06**12**345678`` shows as one number)."""
    t = unicodedata.normalize("NFKC", html.unescape(text))
    t = HIDDEN_RE.sub("", t)
    t = DASHES_RE.sub("-", t)
    t = re.sub(r"\\(?=[^\w\s])", "", t)
    t = OBFUSCATED_AT_RE.sub("@", OBFUSCATED_DOT_RE.sub(".", t))
    plain = re.sub(r"[*_~`]+", "", t)
    return [t] if plain == t else [t, plain]


def _public_host(host: str) -> bool:
    from publicsuffixlist import PublicSuffixList

    global _PSL
    if _PSL is None:
        _PSL = PublicSuffixList(accept_unknown=False)
    return _PSL.publicsuffix(host.lower().rstrip(".")) is not None


_PSL = None
#: File types of the project: ``folder/name.py`` names a file, not a host in Paraguay.
PROJECT_FILE_SUFFIXES = {"py", "yaml", "yml", "ipynb", "md", "json", "txt", "toml", "pdf"}


def _phone_numbers(text: str) -> Iterator[str]:
    """Phone numbers in ``text``: what libphonenumber finds valid (Dutch numbers in every usual
    spelling, and foreign ones with their country code), plus, erring on the side of refusing,
    any digit run of 8 or more digits that starts with 0 or +, or of 10 or more digits."""
    import phonenumbers

    for m in phonenumbers.PhoneNumberMatcher(text, "NL", leniency=phonenumbers.Leniency.VALID):
        yield m.raw_string
    for m in DIGIT_RUN_RE.finditer(text):
        digits = re.sub(r"\D", "", m.group(0))
        if (len(digits) >= 8 and m.group(0).lstrip("(")[:1] in "0+") or len(digits) >= 10:
            yield m.group(0).strip()
    for m in PHONE_RE.finditer(text):
        yield m.group(0)


#: The fix for a contact detail in the school profile's free text (``name``, ``where``, ``when``…).
SCHOOL_TEXT_FIX = ("the school profile's free text holds no contact details: the school's number "
                   "goes in 'phone', a person's school address in 'email', the school's domain in "
                   "'web' (never a private number, address or account)")


def contact_problems(path: str, field: str, text: str, fix: str | None = None) -> list[Problem]:
    """Contact details in lesson text: web addresses and host names (any public suffix),
    e-mail addresses, @handles, messaging links and phone numbers, after normalising the text
    (:func:`normalise_contact_text`). Only the help registry and the school profile's contact
    fields may hold them."""
    found: dict[tuple[str, str], None] = {}
    for t in normalise_contact_text(text):
        for m in URL_RE.finditer(t):
            found[("web", m.group(0))] = None
        for m in HOST_RE.finditer(t):
            if m.start() and t[m.start() - 1] == "/" and m.group(0).rsplit(".", 1)[1].lower() in \
                    PROJECT_FILE_SUFFIXES:
                continue  # a file path such as widgets/schema.py, not a host
            if _public_host(m.group(0)):
                found[("web", m.group(0))] = None
        for m in EMAIL_RE.finditer(t):
            found[("mail", m.group(0))] = None
        for m in HANDLE_RE.finditer(t):
            found[("handle", m.group(0))] = None
        for m in CONTACT_SCHEME_RE.finditer(t):
            found[("handle", m.group(0))] = None
        for m in PLATFORM_NAME_RE.finditer(t):
            found[("handle", m.group(0))] = None
        for number in _phone_numbers(t):
            found[("phone", number)] = None
    probs = []
    seen: set[str] = set()
    for kind, value in found:
        if any(value in other and value != other for _k, other in found) or value in seen:
            continue  # "06-12345678" is reported once, not also as "12345678"
        seen.add(value)
        if kind == "web":
            msg = (f"contains a web address {value!r}; lessons never hard-code links, show a "
                   "HelpCard (the help registry) instead")
        elif kind == "mail":
            msg = f"contains an e-mail address {value!r}; remove it"
        elif kind == "handle":
            msg = (f"contains a contact name or messaging link {value!r}; lessons never name "
                   "accounts, show a HelpCard (the help registry) instead")
        else:
            msg = (f"contains a phone number {value!r}; lessons never hard-code numbers, show a "
                   "HelpCard (the help registry) instead")
        if fix:
            msg = msg.split(";")[0] + "; " + fix
        probs.append(Problem(path, field, msg))
    return probs


def text_problems(path: str, field: str, text: str, context: str | None = None,
                  contacts_allowed: bool = False, contact_fix: str | None = None) -> list[Problem]:
    """Contact details and words that are not allowed in lesson text.

    ``context`` is the surrounding text (e.g. the other fields of the same quiz question) used to
    decide whether "loverboy" is being discussed as a word. ``contacts_allowed``: only for the
    contact fields of the school profile (see :func:`is_school_profile`), which its schema
    validates.
    """
    probs = []
    hidden = sorted(set(HIDDEN_RE.findall(text)))
    if hidden:
        names = ", ".join(f"U+{ord(c):04X} ({unicodedata.name(c, 'format character').lower()})"
                          for c in hidden)
        probs.append(Problem(path, field, f"contains hidden character(s) {names}; they hide or "
                             "reverse text, delete them (retype the text around them)"))
        text = HIDDEN_RE.sub("", text)
        context = HIDDEN_RE.sub("", context) if context else context
    if not contacts_allowed:
        probs.extend(contact_problems(path, field, text, contact_fix))
    if LOVERBOY_RE.search(text) and not TERM_DISCUSSION_RE.search(context or text):
        probs.append(Problem(path, field, "uses 'loverboy' as if it were a neutral name; use "
                             "'uitbuiter' or 'dader', or discuss the word itself (woord/term)"))
    return probs


def _strings(data: Any, prefix: str = "", context: str = "") -> Iterator[tuple[str, str, str]]:
    """(field, text, context) for every string; context = the sibling strings of its mapping."""
    if isinstance(data, str):
        yield prefix or "(file)", data, f"{context} {data}"
    elif isinstance(data, dict):
        siblings = " ".join(v for v in data.values() if isinstance(v, str))
        for k, v in data.items():
            yield from _strings(v, f"{prefix}.{k}" if prefix else str(k), siblings)
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _strings(v, f"{prefix}[{i}]", context)


#: The school profile's contact fields, validated by its schema (``SchoolContent``): the
#: school's domain and reception number, its people's school e-mail, local help's phone and
#: domain. Every other field (``name``, ``where``, ``when``, ``role``, ``for``) is free text and
#: gets the contact rule like lesson text.
SCHOOL_CONTACT_FIELD_RE = re.compile(r"^(?:web|phone|(?:contacts\[\d+\]|meldcode)\.email|"
                                     r"local_help\[\d+\]\.(?:web|phone))$")


def is_school_profile(path: Path) -> bool:
    """Whether ``path`` is where a school profile belongs: ``school.yaml`` (or the shipped
    ``school.example.yaml``) in the lessons folder, next to ``begrippen.yaml``, never inside a
    lesson folder. Only there may a file hold contact details (besides the help registry)."""
    from widgets.registry import SCHOOL_EXAMPLE, SCHOOL_FILE

    from .lessons import LESSON_DIR_RE

    return (Path(path).name in (SCHOOL_FILE, SCHOOL_EXAMPLE)
            and not LESSON_DIR_RE.match(Path(path).absolute().parent.name))


def check_content_file(path: Path, expected_kind: str | None = None,
                       root: Path | None = None, school: bool = False) -> list[Problem]:
    """Problems of one content file; ``root`` is the lesson folder it must stay in. ``school``:
    the file was named as the school profile (``--school PATH``), whatever its name."""
    shown = display_path(path)
    try:
        content = load_content(path, expected_kind=expected_kind, root=root)
    except ContentError as e:
        return e.problems
    probs: list[Problem] = []
    profile = content.kind == "school"
    if profile and not (school or is_school_profile(path)):
        probs.append(Problem(shown, "kind", "a school profile must be the file school.yaml in the "
                             "lessons folder, next to begrippen.yaml; move it there (contact "
                             "details are allowed only in that file)"))
        profile = False
    data = content.model_dump(mode="json", by_alias=True)
    registry_file = content.kind == "facts"
    if registry_file:
        probs.extend(facts_problems(shown, content))
    facts = None if registry_file else _facts_near(path)
    raw: str | None = None
    for field, text, context in _strings(data):
        if re.fullmatch(r"terms\[\d+\]", field):
            continue  # references to glossary entries, not prose
        if registry_file and re.fullmatch(r"facts\[\d+\]\.source\.(url|title|publisher)", field):
            # where a fact was checked (a citation with its years and site): validated by the
            # schema, teacher only (TEACHER mark), never in a student output
            continue
        probs.extend(text_problems(
            shown, field, text, context,
            contacts_allowed=profile and bool(SCHOOL_CONTACT_FIELD_RE.search(field)),
            contact_fix=SCHOOL_TEXT_FIX if profile else None))
        if not registry_file:
            if raw is None:
                raw = read_text_file(path, root=root)
            probs.extend(registry_problems(shown, field, text, raw))
            probs.extend(fact_ref_problems(shown, field, text, facts))
    return probs


def check_school(path: Path) -> list[Problem]:
    """Problems of a school profile named on the command line (``--school PATH``): the same
    one-line errors as ``check``; the file must have ``kind: school``."""
    odd = file_problem(path, Path(path).parent)
    if odd is not None:
        return [odd]
    return check_content_file(Path(path), expected_kind="school", school=True)


def _shared(notebook: Path) -> list[Path]:
    """The shared files next to the lesson folders that a lesson uses (glossary, school profile)."""
    from .lessons import SHARED_FILES

    return [f for f in (notebook.parent.parent / name for name in SHARED_FILES)
            if f.exists() or f.is_symlink()]


def _tag_problem(shown: str, where: str, tag: Any) -> Problem:
    """An unknown tag; when the intent is obvious (case, spaces, '_', a typo) suggest the fix."""
    known = list(KNOWN_TAGS)
    guess = None
    if isinstance(tag, str):
        norm = re.sub(r"[\s_]+", "-", tag.strip().lower())
        guess = norm if norm in KNOWN_TAGS else next(
            iter(difflib.get_close_matches(norm, known, n=1, cutoff=0.75)), None)
    if guess:
        return Problem(shown, f"{where}.metadata.tags", f"unknown tag {tag!r}; did you mean "
                       f"{guess!r}? (tags are exact: lowercase, no spaces; fix the tag)")
    return Problem(shown, f"{where}.metadata.tags", f"unknown tag {tag!r}; use "
                   f"{', '.join(known)} (or remove it)")


def _outside(lesson_dir: Path, ref: str) -> bool:
    """Whether a file reference from markdown is not a plain name inside the lesson folder
    (:func:`kijkverder.lessons.ref_problem`: no '..', no absolute path, no linked part)."""
    from .lessons import ref_problem

    return ref_problem(lesson_dir, unquote(ref).split("#")[0].split("?")[0]) is not None


#: ``<`` before a tag name, ``!`` (comment, doctype) or ``?``: HTML to some markdown parser,
#: wherever it stands (code spans, fenced code and math included; parsers disagree on those).
ANY_TAG_RE = re.compile(r"<[a-z!?/]", re.I)
#: A TeX command: math (``$…$``, ``$$…$$``, ``\(…\)``) is typeset by MathJax in JupyterLab and
#: JupyterLite, where ``\href``, ``\style``, ``\class`` or ``\unicode`` make links and markup.
#: Lessons have no formulas; a backslash before a letter has no other use in lesson markdown.
TEX_COMMAND_RE = re.compile(r"\\[a-z]+", re.I)
#: Script URLs, in any spelling a browser accepts (entities decoded, blanks dropped first).
SCRIPT_URL_RE = re.compile(r"(?:java|vb|live)script:|data:[a-z-]+/", re.I)


def markdown_problems(shown: str, where: str, source: str, lesson_dir: Path) -> list[Problem]:
    """Raw HTML (script, event handlers, off-host fetches), TeX commands, script URLs and
    images that are not files inside the lesson folder, in one markdown cell.

    Parsed with the project's one parser (:mod:`kijkverder.markdown`), which the print pages, the
    projector view and the site's Digibord view render with, so what is checked is what they
    show. JupyterLab and JupyterLite render notebook cells with their own parser (marked, with
    math taken out first), which reads code spans, fences and math differently: so a ``<`` before
    a tag name is refused anywhere in the cell, whatever our parser makes of it."""
    from .markdown import tokens

    probs: list[Problem] = []
    tags: dict[str, bool] = {}
    for tok in tokens(source):
        typ = tok.get("type")
        if typ in ("inline_html", "block_html"):
            for m in HTML_TAG_RE.finditer(tok.get("raw") or ""):
                name = {"!--": "!-- (comment)", "!": "!", "?": "?"}.get(m.group(2), m.group(2).lower())
                tags[name] = tags.get(name, False) or not m.group(1)
        elif typ == "image":
            url = (tok.get("attrs") or {}).get("url", "")
            if _outside(lesson_dir, url):
                probs.append(Problem(shown, where, f"image {url!r} is not a file in the lesson "
                                     "folder (no web address, '//host', absolute path or '..'); "
                                     "copy the image into the lesson folder and use its name"))
        elif typ == "link":
            url = (tok.get("attrs") or {}).get("url", "")
            if SCHEME_RE.match(url) or url.strip().startswith("//"):
                probs.append(Problem(shown, where, f"link {url!r}: lessons never hard-code links; "
                                     "show a HelpCard (the help registry) instead"))
    for name in tags:
        probs.append(Problem(shown, where, f"raw HTML tag <{name}> in markdown; lessons use "
                             "markdown only (write it as text)"))
    if not tags:
        for m in dict.fromkeys(m.group(0) for m in ANY_TAG_RE.finditer(source)):
            probs.append(Problem(shown, where, f"{m!r} in markdown (also in `code` or math): "
                                 "JupyterLab reads it as an HTML tag; lessons use markdown only "
                                 "(write 'kleiner dan', or put a space after '<')"))
    for cmd in dict.fromkeys(TEX_COMMAND_RE.findall(source)):
        probs.append(Problem(shown, where, f"TeX command {cmd!r} in markdown: math is typeset in "
                             "JupyterLab and can make links and markup; lessons have no formulas "
                             "(remove the backslash)"))
    flat = re.sub(r"[\x00-\x20\\]+", "", html.unescape(source))
    for m in dict.fromkeys(m.group(0) for m in SCRIPT_URL_RE.finditer(flat)):
        probs.append(Problem(shown, where, f"script address {m!r} in markdown; lessons never "
                             "hard-code links (remove it)"))
    return probs


def check_lesson(notebook: Path) -> list[Problem]:
    """Every problem of one lesson: its notebook, the content files its cells load (within the
    lesson folder), ``les.yaml`` and the glossary. Used by ``check`` and before every build."""
    notebook = Path(notebook)
    probs = check_notebook(notebook)
    if (notebook.parent / "les.yaml").exists():
        for f in _shared(notebook):
            probs += check_content_file(f, expected_kind={"school.yaml": "school",
                                                          "feiten.yaml": "facts"}.get(f.name, "glossary"))
    return list(dict.fromkeys(probs))


def check_notebook(path: Path) -> list[Problem]:
    import nbformat

    shown = display_path(path)
    from .lessons import size_problem

    try:
        raw = read_text_file(path, max_bytes=MAX_NOTEBOOK_BYTES)
        too_big = size_problem(json.loads(raw))
        if too_big:  # before validating or reading the cells: one line, at once
            return [Problem(shown, "(file)", too_big)]
        nb = nbformat.reads(raw, as_version=4)
    except ContentError as e:
        return [Problem(shown, p.field, p.message.replace("save the file as", "save the notebook as"))
                for p in e.problems]
    except json.JSONDecodeError as e:
        return [Problem(shown, f"line {e.lineno}", f"broken notebook JSON ({e.msg}); "
                        "restore the file from git or re-save it in JupyterLab")]
    except Exception as e:  # nbformat reader errors
        return [Problem(shown, "(file)", f"not a valid notebook ({type(e).__name__}); "
                        "re-save it in JupyterLab")]
    probs: list[Problem] = []
    try:
        nbformat.validate(nb)
    except nbformat.ValidationError as e:
        probs.append(Problem(shown, "(file)", f"notebook format error: {e.message}"))
    lesson_dir = path.parent
    #: the widget gallery shows authors the code, so its inputs stay visible
    gallery = bool(nb.metadata.get("kijkverder", {}).get("gallery"))
    used: set[str] = set()
    has_teacher = False
    for i, cell in enumerate(nb.cells):
        where = f"cells[{i}]"
        tags = cell_tags(cell)
        for tag in tags:
            if tag not in KNOWN_TAGS:
                probs.append(_tag_problem(shown, where, tag))
        if "teacher" in tags:
            has_teacher = True
        if cell.cell_type == "markdown":
            # entities (&#x200B;, &#48;800) become characters on screen: check what is shown
            probs.extend(text_problems(shown, where, html.unescape(cell.source)))
            probs.extend(markdown_problems(shown, where, cell.source, lesson_dir))
            probs.extend(registry_problems(shown, where, html.unescape(cell.source)))
            if "{{" in cell.source:
                probs.extend(fact_ref_problems(shown, where, cell.source, _facts_near(path)))
        elif cell.cell_type == "code" and "teacher" not in tags and _calls(cell, "LawSheet"):
            probs.append(Problem(shown, where, "LawSheet is teacher material; tag the cell "
                                 "'teacher' (it never goes to students)"))
        elif cell.cell_type == "code":
            probs.extend(_check_code_cell(shown, where, cell, lesson_dir, used, gallery))
        elif cell.cell_type == "raw":
            # nbconvert and Voilà pass a raw cell's text into the page and the PDF as it is,
            # unparsed: nothing could check it, so a lesson has none
            probs.append(Problem(shown, where, "raw cell: its text goes into pages and PDFs "
                                 "unchecked; make it a Markdown cell (or delete it)"))
    probs.extend(selfcheck_problems(shown, nb))
    if (lesson_dir / "les.yaml").exists():
        probs.extend(_check_lesson(path, shown, nb, lesson_dir, used, has_teacher))
    return probs


def _calls(cell: Any, name: str) -> bool:
    """Whether a code cell calls widget ``name`` (a broken cell is reported elsewhere)."""
    try:
        return any(c.name == name for c in parse_calls(cell.source, widgets.WIDGETS))
    except CellCodeError:
        return False


def selfcheck_problems(shown: str, nb: Any) -> list[Problem]:
    """A lesson asks each self-check twice, at the start (``moment="voor"``) and at the end
    (``moment="na"``), in that order, or not at all: one without the other measures nothing."""
    moments: dict[str, list[tuple[int, str]]] = {}
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        try:
            calls = parse_calls(cell.source, widgets.WIDGETS)
        except CellCodeError:
            continue  # reported with the cell
        for call in calls:
            if call.name == "SelfCheck" and call.path is not None:
                moments.setdefault(call.path, []).append((i, call.kwargs.get("moment", "voor")))
    probs = []
    for path, found in moments.items():
        seen = [m for _i, m in found]
        for want, other, where in (("voor", "na", "at the start"), ("na", "voor", "at the end")):
            if want not in seen and other in seen:
                cell = next(i for i, m in found if m == other)
                probs.append(Problem(shown, f"cells[{cell}]", f"SelfCheck {path!r} has no "
                                     f"moment=\"{want}\" cell; add SelfCheck.load({path!r}, "
                                     f"moment=\"{want}\") {where} of the lesson, or remove this one"))
        for m in ("voor", "na"):
            cells = [i for i, mm in found if mm == m]
            if len(cells) > 1:
                probs.append(Problem(shown, f"cells[{cells[1]}]", f"SelfCheck {path!r} is asked "
                                     f"twice with moment=\"{m}\"; keep one of them"))
        first_na = min((i for i, m in found if m == "na"), default=None)
        first_voor = min((i for i, m in found if m == "voor"), default=None)
        if first_na is not None and first_voor is not None and first_na < first_voor:
            probs.append(Problem(shown, f"cells[{first_na}]", f"SelfCheck {path!r}: the "
                                 "moment=\"na\" cell comes before the moment=\"voor\" cell; put "
                                 "\"voor\" at the start of the lesson and \"na\" at the end"))
    return probs


def _check_code_cell(shown: str, where: str, cell: Any, lesson_dir: Path,
                     used: set[str], gallery: bool = False) -> list[Problem]:
    probs = []
    hidden = sorted(set(HIDDEN_RE.findall(cell.source)))
    if hidden:
        probs.append(Problem(shown, where, "contains hidden character(s) " + ", ".join(
            f"U+{ord(c):04X}" for c in hidden) + "; delete them"))
    lines = [ln for ln in cell.source.splitlines() if ln.strip()]
    if len(lines) > MAX_CODE_LINES:
        probs.append(Problem(shown, where, f"code cell has {len(lines)} lines (at most "
                             f"{MAX_CODE_LINES}); move content into a YAML file"))
    if not gallery and not cell.get("metadata", {}).get("jupyter", {}).get("source_hidden"):
        probs.append(Problem(shown, f"{where}.metadata.jupyter.source_hidden",
                             "code input must be hidden for students; set it to true"))
    try:
        calls = parse_calls(cell.source, widgets.WIDGETS)
    except CellCodeError as e:
        return probs + [Problem(shown, where, str(e))]
    for call in calls:
        used.add(call.name)
        allowed = ALLOWED_KEYWORDS.get(call.name, ())
        for kw in call.kwargs:
            if kw in allowed:
                continue
            why = ("the view (class or teacher) comes from how the lesson is opened, never from "
                   "lesson code" if kw == "teacher" else
                   f"it takes {', '.join(k + '=' for k in allowed)} only" if allowed else
                   "it takes no keywords")
            probs.append(Problem(shown, where, f"{call.name} does not take {kw}=; {why}; remove it"))
        try:
            cls = widgets.widget_class(call.name)
        except Exception as e:  # a widget module that fails to import
            probs.append(Problem(shown, where, f"widget {call.name} cannot be imported ({e})"))
            continue
        if not getattr(cls, "print_template", None):
            probs.append(Problem(shown, where, f"widget {call.name} has no print form; add a "
                                 "print_template to it"))
        if call.path is not None:
            target = lesson_dir / call.path
            if cls.kind is None:
                probs.append(Problem(shown, where, f"{call.name} has no content file; call "
                                     f"{call.name}() instead"))
            elif ref_problem(lesson_dir, call.path) is not None:
                probs.append(Problem(shown, where, f"{ref_problem(lesson_dir, call.path)}; "
                                     "never outside the lesson folder"))
            elif not target.exists() and not target.is_symlink():
                probs.append(Problem(shown, where, f"{call.path!r} not found next to the notebook; "
                                     "check the file name"))
            else:
                probs.extend(check_content_file(target, expected_kind=cls.kind, root=lesson_dir))
        if call.name == "SelfCheck":
            moment = call.kwargs.get("moment", "voor")
            if moment not in ("voor", "na"):
                probs.append(Problem(shown, where, f"SelfCheck moment={moment!r} is not a moment; "
                                     "use moment=\"voor\" (start of the lesson) or moment=\"na\" "
                                     "(end)"))
        if call.name == "HelpCard" and call.kwargs.get("topics"):
            try:
                registry().for_topics(call.kwargs["topics"])
            except ValueError as e:
                probs.append(Problem(shown, where, str(e)))
        if call.name == "HelpCard" and call.kwargs.get("orgs") is not None:
            probs.extend(_short_card_problems(shown, where, call.kwargs))
    return probs


def _short_card_problems(shown: str, where: str, kwargs: dict[str, Any]) -> list[Problem]:
    """``HelpCard(orgs=[...])``: a list of known ids, not with topics, at most three numbers."""
    from widgets.helpcard import MAX_SHORT_NUMBERS

    orgs = kwargs["orgs"]
    if not isinstance(orgs, list) or not orgs or not all(isinstance(o, str) for o in orgs):
        return [Problem(shown, where, "HelpCard orgs= must be a list of organisation ids, like "
                        "orgs=[\"kindertelefoon\"]")]
    if kwargs.get("topics"):
        return [Problem(shown, where, "HelpCard takes topics= or orgs=, not both; remove one")]
    try:
        card = registry().short_card(orgs)
    except ValueError as e:
        return [Problem(shown, where, str(e))]
    numbers = [o.phone for o in card if o.phone]
    if len(numbers) > MAX_SHORT_NUMBERS:
        return [Problem(shown, where, f"the short help card has {len(numbers)} phone numbers "
                        f"({', '.join(numbers)}); at most {MAX_SHORT_NUMBERS} (112 and 113 are "
                        "always on it): name fewer organisations in orgs=")]
    return []


def _check_lesson(path: Path, shown: str, nb: Any, lesson_dir: Path, used: set[str],
                  has_teacher: bool) -> list[Problem]:
    probs = []
    try:
        meta = load_content(lesson_dir / "les.yaml", expected_kind="lesson")
    except ContentError as e:
        return e.problems
    if not meta.plan:
        probs.append(Problem(display_path(lesson_dir / "les.yaml"), "plan", "a lesson needs a "
                             "timed plan for the teacher; add steps with minutes and activity"))
    elif not meta.short and meta.level != "eenvoudig":  # the easy series: 2 blocks of 25 min
        probs.append(Problem(display_path(lesson_dir / "les.yaml"), "short", "a lesson needs a "
                             "line for a shorter period ('Met 40 minuten' under the plan); add "
                             "'short:' saying what the teacher leaves out with 40 minuten"))
    from widgets.lesson import glossary_for
    try:
        glossary_for(lesson_dir / "les.yaml", list(meta.terms))
    except ContentError as e:
        probs.extend(e.problems)
    for name in REQUIRED_WIDGETS:
        if name not in used:
            example = 'Lesson.load("les.yaml")' if name == "Lesson" else f"{name}()"
            probs.append(Problem(shown, "(lesson)", f"no {name} in this lesson; add a code cell "
                                 f"with {example}"))
    if not has_teacher:
        probs.append(Problem(shown, "(lesson)", "no cell tagged 'teacher'; add the teacher's "
                             "content note (what may come up, what to do on disclosure)"))
    from .lessons import LessonError
    from .readability import MIN_SCORE, lesson_score
    try:
        score = lesson_score(path)
    except LessonError:  # broken code or content: reported by the checks above
        score = MIN_SCORE[meta.audience]
    if score < MIN_SCORE[meta.audience]:
        probs.append(Problem(shown, "(lesson)", f"reading level too hard: Flesch-Douma {score:.0f} "
                             f"< {MIN_SCORE[meta.audience]:.0f} for {meta.audience}; use shorter "
                             "sentences and more common words"))
    if meta.level == "eenvoudig":  # the easy-read series: the A2 profile, sentence by sentence
        from . import easyread
        try:
            probs.extend(easyread.problems(path))
        except LessonError:  # reported by the checks above
            pass
    first = nb.cells[0] if nb.cells else None
    if first is None or first.cell_type != "markdown" or not first.source.lstrip().startswith("# "):
        probs.append(Problem(shown, "cells[0]", "the first cell must be markdown starting with "
                             f"'# Les {meta.number.upper()} · {meta.title}'"))
    elif meta.title not in first.source.splitlines()[0]:
        probs.append(Problem(shown, "cells[0]", f"the title must match les.yaml ({meta.title!r})"))
    return probs


def iter_targets(paths: Iterable[str | Path]) -> Iterator[Path]:
    for f, _root in _targets(paths):
        yield f


def _targets(paths: Iterable[str | Path]) -> Iterator[tuple[Path, Path]]:
    """(file, lesson folder it must stay in) for every notebook and content file under ``paths``.
    Symbolic links to folders are not followed (``os.walk`` default), so a link loop cannot
    make this run forever."""
    import os
    import stat

    for p in map(Path, paths):
        try:
            is_dir = stat.S_ISDIR(p.lstat().st_mode)
        except OSError:
            is_dir = False
        if is_dir and p.suffix not in (".ipynb", ".yaml", ".yml"):
            found = []
            for dirpath, dirnames, filenames in os.walk(p):
                dirnames[:] = [d for d in dirnames if d != ".ipynb_checkpoints"
                               and not d.startswith(".")]
                for name in dirnames + filenames:
                    f = Path(dirpath) / name
                    if not name.startswith(".") and f.suffix in (".ipynb", ".yaml", ".yml"):
                        found.append(f)
            for f in sorted(set(found)):
                yield f, f.parent
        else:
            yield p, p.parent


def check_paths(paths: Iterable[str | Path]) -> list[Problem]:
    """Problems of every notebook and content file under ``paths``, each reported once."""
    problems: list[Problem] = []
    for f, root in _targets(paths):
        try:
            odd = file_problem(f, root)
            if odd is not None:
                problems.append(odd)
            elif f.suffix == ".ipynb":
                problems.extend(check_notebook(f))
            elif f.suffix in (".yaml", ".yml"):
                kind = "school" if f.name == "school.yaml" and is_school_profile(f) else None
                problems.extend(check_content_file(f, expected_kind=kind, root=root))
            else:
                problems.append(Problem(display_path(f), "(file)", "not a notebook (.ipynb) or "
                                        "content file (.yaml)"))
        except Exception as e:  # never a traceback: report and go on
            problems.append(Problem(display_path(f), "(file)", f"could not be checked "
                                    f"({type(e).__name__}: {e})"))
    return list(dict.fromkeys(problems))


def check_language(paths: Iterable[str | Path], speller: Any = None) -> list[Problem]:
    """The Dutch of every notebook and content file under ``paths`` (the files
    :func:`check_paths` checks): spelling against hunspell-nl and the project word list, the
    d/t rule and the style rules (:mod:`kijkverder.language`), in one call to ``speller`` (a
    :class:`~kijkverder.language.Speller`; None: no spelling). Kept out of :func:`check_paths` on
    purpose: a typo is not a safety problem, so :func:`gate` never refuses a build for it.
    Raises :class:`~kijkverder.language.SpellingUnavailable` when hunspell fails."""
    from .language import check_files

    files = [(f, root) for f, root in _targets(paths)
             if f.suffix in (".ipynb", ".yaml", ".yml") and file_problem(f, root) is None]
    return check_files(files, speller)


def gate(notebooks: Iterable[Path]) -> tuple[list[Any], dict[str, list[Problem]]]:
    """Fail closed: the lessons that pass ``kijkverder check``, opened as
    :class:`~kijkverder.lessons.LessonSource`, and the refused ones with their problems.
    Every command that makes something for students builds only from the first list."""
    from .lessons import LessonError, LessonSource

    import shutil

    from .serve import make_private_dir
    from .snapshot import SCRATCH_PREFIX, take

    ok: list[Any] = []
    refused: dict[str, list[Problem]] = {}
    notebooks = [Path(nb) for nb in notebooks]
    # read once: the lessons are copied (bounded) into a private folder, checked and opened from
    # there, so what is handed out is exactly what was checked, whatever is saved meanwhile
    tmp = make_private_dir(SCRATCH_PREFIX)
    try:
        snap = take(notebooks, tmp / "lessons")
        for nb in notebooks:
            copy = snap.notebooks[nb.absolute()]
            # the same as check_lesson, never a traceback
            problems = check_paths([copy, *_shared(copy)])
            if not problems:
                try:
                    source = LessonSource.open(copy)
                    source.shared = source.shared_bytes()
                    source.notebook = nb  # named and placed as the original
                    ok.append(source)
                    continue
                except LessonError as e:
                    problems = e.problems
            refused[nb.parent.name] = [snap.problem(p) for p in problems]
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return ok, refused
