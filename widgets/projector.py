"""Page style for the projector view (Voilà): large type, high contrast, calm layout."""
from __future__ import annotations

from IPython.display import HTML, display

PAGE_CSS = """
body, .jp-Notebook, .jp-RenderedHTMLCommon { font-size: 24px !important; line-height: 1.45 !important;
  color: #000 !important; background: #fff !important; }
.jp-RenderedHTMLCommon h1 { font-size: 2.1em !important; }
.jp-RenderedHTMLCommon h2 { font-size: 1.6em !important; border-top: 3px solid #222;
  padding-top: 0.6em; margin-top: 1.4em !important; }
.jp-RenderedHTMLCommon p, .jp-RenderedHTMLCommon li { font-size: 1em !important; max-width: 46em; }
.jp-Cell { padding-top: 0.2em !important; }
#rendered_cells, .voila-main, main { max-width: 1300px; margin: 0 auto; }
.jp-OutputPrompt, .jp-InputPrompt { display: none !important; }
"""


def page_style() -> None:
    """Display the projector page CSS (used as the first, hidden cell of the projector view)."""
    display(HTML(f"<style>{PAGE_CSS}</style>"))
