"""Timer: a countdown for group work, with start / pause / reset and a visible end state.

The clock runs in the browser, not in a kernel thread (Pyodide, the kernel of the static site,
cannot start threads): a hidden :class:`ipywidgets.Play` counts seconds in the front end
(JupyterLab, Voilà, JupyterLite) and the kernel observes its ``value``. Tests move the same
value with :meth:`Timer.tick` instead of waiting.
"""
from __future__ import annotations

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

    ``clock`` is a hidden :class:`ipywidgets.Play` whose value is the number of seconds gone;
    the browser advances it once a second while ``clock.playing``. Start, pause and reset set
    ``playing`` and ``value``; :meth:`tick` advances the value from code (tests).
    """

    kind = None
    print_template = "timer.html.j2"
    #: Milliseconds between two ticks of the browser clock.
    interval_ms: int = 1000

    def __init__(self, content: Any = None, *, minutes: float = 0, seconds: float = 0,
                 label: str = "", **kwargs: Any):
        total = total_seconds(minutes, seconds)
        if total <= 0:
            raise ValueError("Timer needs minutes= or seconds= greater than 0")
        self.total = total
        self.label_text = str(label or "")
        super().__init__(None, **kwargs)

    def _build(self, **kwargs: Any) -> list[W.Widget]:
        self.title = W.HTML(f"<h3>{esc(self.label_text)}</h3>" if self.label_text else "")
        self.display = W.HTML("")
        # the clock: ticks in the front end, never in a kernel thread; hidden, we show our own face
        self.clock = W.Play(value=0, min=0, max=self.total, step=1, interval=self.interval_ms,
                            repeat=False, show_repeat=False, layout=W.Layout(display="none"))
        self.clock.observe(self._on_clock, names=["value", "playing"])

        def button(key: str, icon: str) -> W.Button:
            return W.Button(description=self.t(key), tooltip=self.t(key), icon=icon,
                            layout=W.Layout(width="auto", min_width="7em"))

        self.start_button = button("start", "play")
        self.pause_button = button("pause", "pause")
        self.reset_button = button("reset", "refresh")
        self.start_button.on_click(lambda _b: self.start())
        self.pause_button.on_click(lambda _b: self.pause())
        self.reset_button.on_click(lambda _b: self.reset())
        self._render()
        return [self.title, self.display, self.clock,
                W.HBox([self.start_button, self.pause_button, self.reset_button])]

    # ---------------------------------------------------------------- state
    @property
    def remaining(self) -> int:
        return max(0, self.total - int(self.clock.value))

    @property
    def running(self) -> bool:
        return bool(self.clock.playing)

    @property
    def finished(self) -> bool:
        return self.remaining == 0

    def _on_clock(self, _change: Any = None) -> None:
        if self.finished and self.clock.playing:
            self.clock.playing = False  # at zero the clock stops (this calls us again)
            return
        self._render()

    def _render(self) -> None:
        if self.finished:
            # the end state is a word, a sign and a frame, never only a colour
            self.display.value = (f"<div class='kv-timer-display kv-timer-done' role='alert'>"
                                  f"{esc(self.t('time_up'))} <span>00:00</span></div>")
        else:
            state = "" if self.running else " kv-timer-stopped"
            self.display.value = (f"<div class='kv-timer-display{state}' role='timer'>"
                                  f"{mmss(self.remaining)}</div>")
        self.start_button.disabled = self.running or self.finished
        self.pause_button.disabled = not self.running

    def tick(self, seconds: int = 1) -> None:
        """Count down ``seconds`` (what the browser clock does once a second); at zero the
        timer stops and shows its end state."""
        self.clock.value = min(self.total, int(self.clock.value) + int(seconds))

    def start(self) -> None:
        """Start the browser clock. The front end starts counting when its view of the clock
        sees ``playing`` change, so a timer is started once it is on screen (a button click);
        :class:`~widgets.prompts.PromptCards` reuses one timer for that reason."""
        if self.running or self.finished:
            return
        self.clock.playing = True

    def restart(self, seconds: int, label: str = "") -> None:
        """Count down ``seconds`` from the start, under ``label``, and start at once."""
        total = total_seconds(seconds=seconds)
        if total <= 0:
            raise ValueError("Timer needs seconds greater than 0")
        with self.clock.hold_trait_notifications():
            self.clock.playing = False
            self.clock.value = 0
            self.clock.max = total
        self.total = total
        self.label_text = str(label or "")
        self.title.value = f"<h3>{esc(self.label_text)}</h3>" if self.label_text else ""
        self._render()
        self.start()

    def pause(self) -> None:
        self.clock.playing = False

    def reset(self) -> None:
        with self.clock.hold_trait_notifications():
            self.clock.playing = False
            self.clock.value = 0
        self._render()

    def close(self) -> None:
        clock = getattr(self, "clock", None)  # absent if __init__ refused the arguments
        if clock is not None:
            clock.playing = False
            clock.close()
        super().close()

    # ---------------------------------------------------------------- print
    @classmethod
    def print_context(cls, content: Any, edition: str, minutes: float = 0, seconds: float = 0,
                      label: str = "", lang: str | None = None, **kwargs: Any) -> dict[str, Any]:
        return {"duration": duration_text(total_seconds(minutes, seconds), lang), "label": label}

    def __repr__(self) -> str:
        return f"Timer({self.total} s)"
