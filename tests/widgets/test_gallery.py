"""The widget gallery (lessons/widgets-gallery.ipynb) runs and shows every widget kind."""
from __future__ import annotations

import nbformat
from nbclient import NotebookClient

import widgets
from tests.conftest import LESSONS


def test_gallery_shows_every_widget() -> None:
    nb = nbformat.read(LESSONS / "widgets-gallery.ipynb", as_version=4)
    NotebookClient(nb, timeout=180, kernel_name="python3",
                   resources={"metadata": {"path": str(LESSONS)}}).execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert [o for o in outputs if o.output_type == "error"] == []
    reprs = " ".join(o.get("data", {}).get("text/plain", "") for o in outputs)
    assert "ErrorBox" not in reprs
    for name in widgets.WIDGETS:
        assert f"{name}(" in reprs, f"{name} missing from the gallery"
