"""The rules for the words of a lesson, wherever they stand (a markdown cell, a content file, the
school profile's free text): no contact details outside the registry (:func:`contact_problems`),
no hidden characters, "loverboy" only as a word discussed (:func:`text_problems`), figures and
article numbers only from the facts registry (:func:`registry_problems`, :func:`fact_ref_problems`),
and markdown that every renderer shows as text (:func:`markdown_problems`). :mod:`kijkverder.check`
applies them to the files of a lesson.
"""
from __future__ import annotations

import html
import re
import unicodedata
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import unquote

from widgets.contentio import ContentError, Problem
from widgets.models.facts import FACTS_FILE, FACT_LOOSE_RE, FACT_REF_RE, unknown_fact
from widgets.registry import CONTACT_REF_RE
from widgets.schema import facts_path, load_facts

from .lessons import ref_problem
from .markdown import tokens

URL_RE = re.compile(r"(https?://|www\.)\S+|\b[\w-]+\.(?:nl|com|org|chat|eu|net|be)\b", re.I)
#: Phone numbers: regional, mobile, 0800/0900 and +31 forms. The alarm number 112 alone is allowed
#: in lesson text ("bel 112"): every pupil must know it, and it is the same everywhere.
PHONE_RE = re.compile(r"(?<![\d-])(?:0\d{2,3}[- ]?\d{6,7}|06[- ]?\d{8}|0[89]00[- ]?\d{4}|"
                      r"(?:\+|00)31[\s-]?(?:\(0\))?\d(?:[\s-]?\d){7,9})(?![\d-])")
#: Bidi overrides/isolates and zero-width characters: they hide or reverse text (a phone number
#: split by a zero-width space, a reversed URL) and have no place in lesson text.
HIDDEN_RE = re.compile("[\u202a-\u202e\u2066-\u2069\u200b-\u200f\u2060\ufeff]")
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


def registry_problems(path: str, field: str, text: str, raw: str | None = None,
                      line_offset: int = 0) -> list[Problem]:
    """A figure or an article number written out in ``text`` (one field of a content file, or a
    markdown cell), each with its line: in ``raw`` (the file's text, for a content file) or
    within the cell (``raw`` None)."""
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
    probs = []
    known = {f.id for f in facts.facts} if facts is not None else set()
    for m in FACT_REF_RE.finditer(text):
        if m.group(1) not in known:
            probs.append(Problem(path, field, unknown_fact(m.group(1), facts)))
    for m in FACT_LOOSE_RE.finditer(CONTACT_REF_RE.sub("", FACT_REF_RE.sub("", text))):
        probs.append(Problem(path, field, f"{m.group(0)!r} is not a fact reference; write "
                             "{{ fact:ID }} with the id of a fact in lessons/feiten.yaml"))
    return probs


def facts_near(path: Path) -> Any:
    """The registry a lesson file uses (``None`` when there is none or it is broken: the
    registry's own check reports why)."""
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


def string_fields(data: Any, prefix: str = "", context: str = "") -> Iterator[tuple[str, str, str]]:
    """(field, text, context) for every string; context = the sibling strings of its mapping."""
    if isinstance(data, str):
        yield prefix or "(file)", data, f"{context} {data}"
    elif isinstance(data, dict):
        siblings = " ".join(v for v in data.values() if isinstance(v, str))
        for k, v in data.items():
            yield from string_fields(v, f"{prefix}.{k}" if prefix else str(k), siblings)
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from string_fields(v, f"{prefix}[{i}]", context)


def _outside(lesson_dir: Path, ref: str) -> bool:
    """Whether a file reference from markdown is not a plain name inside the lesson folder
    (:func:`kijkverder.lessons.ref_problem`: no '..', no absolute path, no linked part)."""
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


