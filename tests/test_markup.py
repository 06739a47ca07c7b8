"""Issue 24, finding 2: raw HTML in markdown cannot get past ``check`` by mixing math, code spans
and fenced code, because ``check`` and the renderers share one parser (:mod:`kijkverder.markdown`)
and JupyterLab's own parser (marked) gets no ``<tag`` at all."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from kijkverder.check import check_notebook
from tests.test_hostile import _notebook, md

PAYLOAD = "<img src=x onerror=alert(1)>"
#: Constructs that mix math, code spans, fences and HTML: parsers disagree on each of them.
CONSTRUCTS = {
    "math-code-math": f"$`${PAYLOAD}$`$",
    "display-math-code": f"$$`$${PAYLOAD}`",
    "math-around": f"$a${PAYLOAD}$b$",
    "dollar-code": f"$ `x` ${PAYLOAD}",
    "code-span": f"`{PAYLOAD}`",
    "double-backtick": f"`` ` ``{PAYLOAD}",
    "unclosed-fence": f"```\n{PAYLOAD}",
    "tilde-fence": f"~~~\n{PAYLOAD}\n~~~",
    "indented-code": f"    {PAYLOAD}",
    "display-math": f"$$\n{PAYLOAD}\n$$",
    "table-cell": f"| a |\n|---|\n| {PAYLOAD} |",
    "upper-case": "<IMG SRC=x OnError=alert(1)>",
    "comment": "<!-- x -->tekst",
    "autolink-script": "<javascript:alert(1)>",
    "list-item": f"- `a`\n- {PAYLOAD}",
    "quote-fence": f"> ```\n> {PAYLOAD}\n> ```",
    "link-in-code": f"[`x`]({PAYLOAD})",
    "closing-tag": "tekst </p><p onclick=alert(1)>",
    "tex-href": "$\\href{javascript:alert(1)}{klik}$",
    "tex-style": "$$\\style{background:url(x)}{x}$$",
    "link-script": "[klik](javascript:alert(1))",
    "link-entity-script": "[klik](java&#115;cript:alert(1))",
    "link-tab-script": "[klik](java&#9;script:alert(1))",
    "ref-link-script": "[klik][r]\n\n[r]: javascript:alert(1)",
    "link-data": "[klik](data:text/html;base64,PHNjcmlwdD4=)",
}


@pytest.mark.parametrize("name", list(CONSTRUCTS))
def test_check_refuses_html_in_every_construct(tmp_path: Path, name: str) -> None:
    nb = _notebook(tmp_path / "les.ipynb", [md(CONSTRUCTS[name])])
    problems = [str(p) for p in check_notebook(nb) if p.field == "cells[0]"]
    assert problems, f"{name}: passes check"


@pytest.mark.parametrize("name", list(CONSTRUCTS))
def test_the_shared_renderer_shows_html_as_text(name: str) -> None:
    from kijkverder.markdown import to_html

    out = to_html(CONSTRUCTS[name])
    assert not re.search(r"<(img|p onclick|!--)", out, re.I), out
    assert 'href="javascript' not in out.lower() and "href=\"data:" not in out.lower(), out


def test_plain_text_with_a_less_than_sign_passes(tmp_path: Path) -> None:
    nb = _notebook(tmp_path / "les.ipynb", [md("Als 3 < 5 is, en `x < 2` ook. &lt;b&gt; is tekst. "
                                               "Kosten: €5 of $5.")])
    assert check_notebook(nb) == []


def test_print_renders_with_the_shared_parser() -> None:
    """The print side draws markdown with the parser the tool hands it (its top-level parts,
    marked as places for notes): the same HTML as :func:`kijkverder.markdown.to_html`."""
    from handouts.render import markdown_parts_html
    from kijkverder.markdown import to_html, to_html_parts

    for source in CONSTRUCTS.values():
        printed = re.sub(r' data-part="\d+"', "", markdown_parts_html(source, to_html_parts))
        assert printed.split() == to_html(source).split()


def test_digibord_cells_show_markdown_drawn_by_the_shared_parser(tmp_path: Path) -> None:
    """The site's Digibord view displays the lesson text as HTML drawn by the shared parser (a
    Markdown output would be parsed again, trusted, by JupyterLite's marked)."""
    from kijkverder.site import projector_cells

    nb = _notebook(tmp_path / "les.ipynb", [md(s) for s in CONSTRUCTS.values()])
    cells = projector_cells(nb)
    joined = "\n".join(cells)
    assert "Markdown(" not in joined
    assert "onerror=alert(1)>" not in joined.replace("&lt;img src=x onerror=alert(1)&gt;", "")
    assert "&lt;img src=x onerror=alert(1)&gt;" in joined


def test_projector_view_renders_markdown_with_the_shared_parser(tmp_path: Path) -> None:
    """Voilà (the projector) is given the constructs directly, past the gate: its page shows them
    as text, since its markdown filter is the shared parser."""
    from kijkverder.present import TEMPLATE, new_token, offline_template, prepare, voila_command, voila_env
    from tests.browser.conftest import free_port, wait_http
    from tests.test_servers import raw_get

    import nbformat

    root = tmp_path / "present"
    nb_path = prepare("01", dest=root)
    nb = nbformat.read(nb_path, as_version=4)
    nb.cells[1:1] = [nbformat.v4.new_markdown_cell(s) for s in CONSTRUCTS.values()]
    nbformat.write(nb, nb_path)
    share = offline_template(root)
    port, token = free_port(), new_token()
    log = open(tmp_path / "voila.log", "w")
    proc = subprocess.Popen(voila_command(nb_path, port), env=voila_env(False, share, token),
                            cwd=nb_path.parent, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_http(f"http://127.0.0.1:{port}/voila/templates/{TEMPLATE}/static/projector.css", proc)
        status, body = raw_get(f"http://127.0.0.1:{port}/?token={token}")
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
    page = body.decode("utf-8")
    assert status == 200 and "Wat is uitbuiting" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert not re.search(r"<img[^>]*onerror", page, re.I)
    assert "<p onclick" not in page and 'href="javascript' not in page


# ------------------------------------------------------------------------- raw cells (finding 14)
@pytest.mark.parametrize("mime", [None, "text/html", "text/markdown", "text/latex"])
def test_raw_cells_are_refused(tmp_path: Path, mime: str | None) -> None:
    cell = {"cell_type": "raw", "source": "Bel 06 12 34 56 78 <img src=x onerror=alert(1)>",
            "metadata": {"raw_mimetype": mime} if mime else {}}
    nb = _notebook(tmp_path / "les.ipynb", [md("Tekst"), cell])
    assert any("raw cell" in p.message for p in check_notebook(nb) if p.field == "cells[1]")


def test_a_lesson_with_a_raw_cell_reaches_no_student(tmp_path: Path) -> None:
    import json
    import shutil

    from kijkverder.check import gate
    from tests.conftest import LESSONS

    lesson = "01-wat-is-uitbuiting"
    shutil.copytree(LESSONS / lesson, tmp_path / lesson)
    shutil.copy(LESSONS / "begrippen.yaml", tmp_path / "begrippen.yaml")
    shutil.copy(LESSONS / "feiten.yaml", tmp_path / "feiten.yaml")
    nb_path = tmp_path / lesson / f"{lesson}.ipynb"
    nb = json.loads(nb_path.read_text("utf-8"))
    nb["cells"].insert(1, {"cell_type": "raw", "id": "raw", "metadata": {},
                           "source": "Alleen voor de docent: antwoorden"})
    nb_path.write_text(json.dumps(nb), "utf-8")
    ok, refused = gate([nb_path])
    assert ok == [] and any("raw cell" in p.message for p in refused[lesson])


def test_projector_filter_inlines_only_images_of_the_lesson_folder(tmp_path: Path,
                                                                   monkeypatch) -> None:
    """Voilà serves no lesson files: the projector's filter inlines an image of the lesson folder
    (its working directory) and nothing from outside it."""
    from kijkverder.markdown import voila_markdown2html

    lesson = tmp_path / "les"
    (lesson / "img").mkdir(parents=True)
    (lesson / "img" / "kaart.png").write_bytes(b"\x89PNG\r\n\x1a\nKAART")
    (tmp_path / "geheim.png").write_bytes(b"\x89PNG\r\n\x1a\nGEHEIM")
    (lesson / "link.png").symlink_to(tmp_path / "geheim.png")
    monkeypatch.chdir(lesson)
    out = voila_markdown2html("![kaart](img/kaart.png) ![a](../geheim.png) ![b](link.png) "
                              "![c](/etc/hostname)")
    import base64

    kaart = base64.b64encode((lesson / "img" / "kaart.png").read_bytes()).decode()
    geheim = base64.b64encode((tmp_path / "geheim.png").read_bytes()).decode()
    assert out.count("data:image/png;base64,") == 1 and kaart in out
    assert geheim not in out  # the file outside the lesson folder is never inlined
