"""Timer: a countdown for group work, with start / pause / reset and a visible end state."""
from __future__ import annotations

import asyncio
import threading
from typing import Any

import ipywidgets as W

from .base import ContentWidget, esc
from .i18n import t


def mmss(seconds: int) -> str:
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


class Timer(ContentWidget):
    """``Timer(minutes=5, label="Groepswerk")``. The countdown runs in a background thread that
    calls :meth:`tick` once a second; tests call :meth:`tick` directly."""

    kind = None
    print_template = "timer.html.j2"

    def __init__(self, content: Any = None, *, minutes: float = 0, seconds: int = 0,
                 label: str = "", **kwargs: Any):
        self.total = int(minutes * 60) + int(seconds)
        if self.total <= 0:
            raise ValueError("Timer needs minutes= or seconds= greater than 0")
        self.label_text = label
        self.remaining = self.total
        self.running = False
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        super().__init__(None, **kwargs)

    def _build(self, **kwargs: Any) -> list[W.Widget]:
        self.title = W.HTML(f"<h3>{esc(self.label_text)}</h3>" if self.label_text else "")
        self.display = W.HTML("")
        self.start_button = W.Button(description=t("start"), tooltip=t("start"), icon="play")
        self.pause_button = W.Button(description=t("pause"), tooltip=t("pause"), icon="pause")
        self.reset_button = W.Button(description=t("reset"), tooltip=t("reset"), icon="refresh")
        self.start_button.on_click(lambda _b: self.start())
        self.pause_button.on_click(lambda _b: self.pause())
        self.reset_button.on_click(lambda _b: self.reset())
        self._render()
        return [self.title, self.display,
                W.HBox([self.start_button, self.pause_button, self.reset_button])]

    @property
    def finished(self) -> bool:
        return self.remaining == 0

    def _render(self) -> None:
        if self.finished:
            self.display.value = (f"<div class='kv-timer-display kv-timer-done' role='status'>"
                                  f"⏰ {esc(t('time_up'))} <span>00:00</span></div>")
        else:
            self.display.value = (f"<div class='kv-timer-display' role='timer'>"
                                  f"{mmss(self.remaining)}</div>")
        self.start_button.disabled = self.running or self.finished
        self.pause_button.disabled = not self.running

    def tick(self, seconds: int = 1) -> None:
        self.remaining = max(0, self.remaining - seconds)
        if self.finished:
            self.running = False
            self._stop.set()
        self._render()

    def _loop(self) -> None:
        while not self._stop.wait(1.0):
            self.tick()

    def start(self) -> None:
        if self.running or self.finished:
            return
        self.running = True
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True, name="kijkverder-timer")
        self._thread.start()
        self._render()

    def pause(self) -> None:
        self.running = False
        self._stop.set()
        self._render()

    def reset(self) -> None:
        self.pause()
        self.remaining = self.total
        self._render()

    def close(self) -> None:
        stop = getattr(self, "_stop", None)  # absent if __init__ refused the arguments
        if stop is not None:
            stop.set()
        super().close()

    @classmethod
    def print_context(cls, content: Any, edition: str, minutes: float = 0, seconds: int = 0,
                      label: str = "", **kwargs: Any) -> dict[str, Any]:
        total = int(minutes * 60) + int(seconds)
        return {"minutes": round(total / 60, 1) if total % 60 else total // 60, "label": label}

    @classmethod
    def render_print(cls, content: Any, edition: str, **kwargs: Any) -> str:
        return "" if edition == "cards" else super().render_print(content, edition, **kwargs)

    def __repr__(self) -> str:
        return f"Timer({self.total} s)"
