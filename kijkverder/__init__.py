"""Kijk Verder, the tool: the ``kijkverder`` command, the lesson model, ``check``, and the screen
outputs (student notebooks, projector view, JupyterLab). The print side lives in ``handouts``."""
