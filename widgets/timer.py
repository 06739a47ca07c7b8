"""Timer: a countdown for group work, with start / pause / reset and a visible end state."""
from __future__ import annotations

import threading
import time
from typing import Any

import ipywidgets as W

from .base import ContentWidget, esc
from .i18n import t


def mmss(seconds: int) -> str:
    """``125`` -> ``"02:05"``."""
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


def total_seconds(minutes: float = 0, seconds: float = 0) -> int:
    return int(round(minutes * 60)) + int(round(seconds))


def duration_text(total: int, lang: str | None = None) -> str:
    """A duration in words: "5 minuten", "1 minuut", "30 seconden", "1 minuut en 30 seconden"."""
    m, s = divmod(int(total), 60)
    parts = []
    if m:
        parts.append(t("minute_one", lang) if m == 1 else t("minutes_n", lang, n=m))
    if s or not m:
        parts.append(t("seconds_n", lang, n=s))
    return f" {t('duration_and', lang)} ".join(parts)


class Timer(ContentWidget):
    """``Timer(minutes=5, label="Groepswerk")`` or ``Timer(seconds=90)``.

    While running, a background thread calls :meth:`tick` once a second; pause, reset and
    close stop that thread. Tests call :meth:`tick` directly instead of waiting.
    """

    kind = None
    print_template = "timer.html.j2"
    #: Seconds between two ticks of the clock thread (tests may shorten it).
    interval: float = 1.0

    def __init__(self, content: Any = None, *, minutes: float = 0, seconds: float = 0,
                 label: str = "", **kwargs: Any):
        total = total_seconds(minutes, seconds)
        if total <= 0:
            raise ValueError("Timer needs minutes= or seconds= greater than 0")
        self.total = total
        self.label_text = str(label or "")
        self.remaining = total
        self.running = False
        self._lock = threading.RLock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        super().__init__(None, **kwargs)

    def _build(self, **kwargs: Any) -> list[W.Widget]:
        self.title = W.HTML(f"<h3>{esc(self.label_text)}</h3>" if self.label_text else "")
        self.display = W.HTML("")
        def button(key: str, icon: str) -> W.Button:
            return W.Button(description=t(key), tooltip=t(key), icon=icon,
                            layout=W.Layout(width="auto", min_width="7em"))

        self.start_button = button("start", "play")
        self.pause_button = button("pause", "pause")
        self.reset_button = button("reset", "refresh")
        self.start_button.on_click(lambda _b: self.start())
        self.pause_button.on_click(lambda _b: self.pause())
        self.reset_button.on_click(lambda _b: self.reset())
        self._render()
        return [self.title, self.display,
                W.HBox([self.start_button, self.pause_button, self.reset_button])]

    # ---------------------------------------------------------------- state
    @property
    def finished(self) -> bool:
        return self.remaining == 0

    def _render(self) -> None:
        if self.finished:
            # the end state is a word, a sign and a frame, never only a colour
            self.display.value = (f"<div class='kv-timer-display kv-timer-done' role='alert'>"
                                  f"{esc(t('time_up'))} <span>00:00</span></div>")
        else:
            state = "" if self.running else " kv-timer-stopped"
            self.display.value = (f"<div class='kv-timer-display{state}' role='timer'>"
                                  f"{mmss(self.remaining)}</div>")
        self.start_button.disabled = self.running or self.finished
        self.pause_button.disabled = not self.running

    def tick(self, seconds: int = 1) -> None:
        """Count down ``seconds``; at zero the timer stops and shows its end state."""
        with self._lock:
            if self.finished:
                return
            self.remaining = max(0, self.remaining - int(seconds))
            if self.finished:
                self.running = False
                self._stop.set()
            self._render()

    # ---------------------------------------------------------------- the clock
    def _loop(self, stop: threading.Event) -> None:
        deadline = time.monotonic()
        while True:
            deadline += self.interval  # steady seconds: no drift from the time a tick takes
            if stop.wait(max(0.0, deadline - time.monotonic())):
                return
            with self._lock:
                if stop.is_set():  # paused or reset while this tick was waiting for the lock
                    return
                self.tick()

    def start(self) -> None:
        with self._lock:
            if self.running or self.finished:
                return
            self.running = True
            self._stop = stop = threading.Event()
            self._thread = threading.Thread(target=self._loop, args=(stop,), daemon=True,
                                            name="kijkverder-timer")
            self._thread.start()
            self._render()

    def pause(self) -> None:
        with self._lock:
            self.running = False
            self._stop.set()
            self._render()

    def reset(self) -> None:
        with self._lock:
            self.pause()
            self.remaining = self.total
            self._render()

    def close(self) -> None:
        stop = getattr(self, "_stop", None)  # absent if __init__ refused the arguments
        if stop is not None:
            stop.set()
            self.running = False
        super().close()

    # ---------------------------------------------------------------- print
    @classmethod
    def print_context(cls, content: Any, edition: str, minutes: float = 0, seconds: float = 0,
                      label: str = "", **kwargs: Any) -> dict[str, Any]:
        return {"duration": duration_text(total_seconds(minutes, seconds)), "label": label}

    def __repr__(self) -> str:
        return f"Timer({self.total} s)"
