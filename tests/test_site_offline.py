"""The static site's offline guarantee, checked on small fake sites (no build, no browser):
``kijkverder.site.check_offline`` refuses a remote Pyodide, the PyPI fallback, a CDN name in
any file, persistent browser storage and a wheel the lock does not name."""
from __future__ import annotations

import json
from pathlib import Path

import pytest


def test_offline_check_refuses_persistent_storage(tmp_path: Path) -> None:
    from kijkverder.site import STORAGE_KEYS, SiteError, check_offline

    for key in STORAGE_KEYS:
        (tmp_path / key).mkdir()
        site = _fake_site(tmp_path / key, "./static/pyodide/pyodide.mjs")
        cfg = json.loads((site / "jupyter-lite.json").read_text("utf-8"))
        del cfg["jupyter-config-data"][key]
        (site / "jupyter-lite.json").write_text(json.dumps(cfg), "utf-8")
        with pytest.raises(SiteError, match=key):
            check_offline(site)


def _fake_site(tmp_path: Path, pyodide_url: str, fallback: bool = True) -> Path:
    from kijkverder.site import lite_config

    cfg = lite_config("leerlingen")
    kernel = cfg["jupyter-config-data"]["litePluginSettings"][
        "@jupyterlite/pyodide-kernel-extension:kernel"]
    kernel["pyodideUrl"], kernel["disablePyPIFallback"] = pyodide_url, fallback
    (tmp_path / "jupyter-lite.json").write_text(json.dumps(cfg), "utf-8")
    pyo = tmp_path / "static" / "pyodide"
    pyo.mkdir(parents=True)
    (pyo / "pyodide.mjs").write_text("export {}", "utf-8")
    (pyo / "pyodide-lock.json").write_text('{"packages": {}}', "utf-8")
    return tmp_path


@pytest.mark.parametrize("url,fallback,problem", [
    ("https://cdn.jsdelivr.net/pyodide/v314.0.6/full/pyodide.mjs", True, "pyodideUrl"),
    ("./static/pyodide/pyodide.mjs", False, "disablePyPIFallback"),
])
def test_offline_check_refuses_remote_config(tmp_path: Path, url: str, fallback: bool,
                                             problem: str) -> None:
    from kijkverder.site import SiteError, check_offline

    site = _fake_site(tmp_path, url, fallback)
    with pytest.raises(SiteError, match=problem):
        check_offline(site)


def test_offline_check_refuses_a_cdn_name_in_a_file(tmp_path: Path) -> None:
    from kijkverder.site import SiteError, check_offline

    site = _fake_site(tmp_path, "./static/pyodide/pyodide.mjs")
    check_offline(site)  # the fake site itself is fine
    (site / "extra.js").write_text('import("https://unpkg.com/x.js")', "utf-8")
    with pytest.raises(SiteError, match="unpkg.com"):
        check_offline(site)


def test_offline_check_refuses_a_wheel_missing_from_the_lock(tmp_path: Path) -> None:
    from kijkverder.site import SiteError, check_offline

    site = _fake_site(tmp_path, "./static/pyodide/pyodide.mjs")
    (site / "static" / "pyodide" / "extra-1.0-py3-none-any.whl").write_bytes(b"PK")
    with pytest.raises(SiteError, match="not in the lock"):
        check_offline(site)


def _wheel(path: Path, init: str) -> Path:
    import zipfile
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("IPython/__init__.py", init)
        z.writestr("ipython-9.0.dist-info/RECORD", "IPython/__init__.py,sha256=x,1\n")
    return path


def test_lazy_ipython_moves_the_terminal_import_into_getattr(tmp_path: Path) -> None:
    import zipfile
    from kijkverder.site.pyodide import IPYTHON_EAGER, lazy_ipython
    src = _wheel(tmp_path / "ipython-9.0-py3-none-any.whl", "import sys\n" + IPYTHON_EAGER + "x = 1\n")
    (tmp_path / "out").mkdir()
    out = lazy_ipython(src, tmp_path / "out")
    with zipfile.ZipFile(out) as z:
        text = z.read("IPython/__init__.py").decode()
        record = z.read("ipython-9.0.dist-info/RECORD").decode()
    lines = text.splitlines()
    assert IPYTHON_EAGER.strip() not in lines and "x = 1" in lines and "import sys" in lines
    assert "def __getattr__(name):" in lines and "        from .terminal.embed import embed" in lines
    compile(text, "IPython/__init__.py", "exec")
    assert record.startswith("IPython/__init__.py,sha256=") and "sha256=x," not in record


def test_lazy_ipython_refuses_an_ipython_it_does_not_know(tmp_path: Path) -> None:
    from kijkverder.site import SiteError
    from kijkverder.site.pyodide import lazy_ipython
    src = _wheel(tmp_path / "ipython-10.0-py3-none-any.whl", "from .terminal import embed\n")
    (tmp_path / "out").mkdir()
    with pytest.raises(SiteError, match="IPYTHON_EAGER"):
        lazy_ipython(src, tmp_path / "out")
