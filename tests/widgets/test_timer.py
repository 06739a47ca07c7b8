"""Timer: display, ticking to the end state, start/pause/reset, the browser clock, print line."""
from __future__ import annotations

import subprocess
import sys
import threading

import ipywidgets as W
import pytest

from widgets import Timer, set_language
from widgets.timer import duration_text, mmss


@pytest.fixture
def timers():
    made: list[Timer] = []

    def make(**kw) -> Timer:
        tm = Timer(**kw)
        made.append(tm)
        return tm

    yield make
    for tm in made:
        tm.close()


def test_big_display_and_label(timers) -> None:
    tm = timers(minutes=5, label="Groepswerk")
    assert tm.total == 300 and "05:00" in tm.display.value and "kv-timer-display" in tm.display.value
    assert "<h3>Groepswerk</h3>" == tm.title.value
    assert [b.description for b in (tm.start_button, tm.pause_button, tm.reset_button)] == [
        "Start", "Pauze", "Opnieuw"]
    assert not tm.start_button.disabled and tm.pause_button.disabled
    assert timers(seconds=90).display.value.count("01:30") == 1
    assert timers(minutes=1, seconds=5).total == 65
    assert timers(seconds=10, label="").title.value == ""


def test_ticks_to_a_visible_end_state(timers) -> None:
    tm = timers(seconds=3, label="Tweetallen")
    tm.tick()
    assert tm.remaining == 2 and "00:02" in tm.display.value and "Tijd is om" not in tm.display.value
    tm.tick()
    tm.tick()
    assert tm.finished and tm.remaining == 0
    shown = tm.display.value
    assert "Tijd is om!" in shown and "kv-timer-done" in shown and "00:00" in shown
    assert tm.start_button.disabled and tm.pause_button.disabled and not tm.running
    tm.tick(5)
    assert tm.remaining == 0
    tm.reset_button.click()
    assert tm.remaining == 3 and not tm.finished and "Tijd is om" not in tm.display.value
    assert "00:03" in tm.display.value and not tm.start_button.disabled


def test_big_tick_stops_at_zero(timers) -> None:
    tm = timers(minutes=2)
    tm.tick(61)
    assert "00:59" in tm.display.value
    tm.tick(500)
    assert tm.remaining == 0 and "Tijd is om!" in tm.display.value


def test_buttons_start_pause_and_reset_the_browser_clock(timers) -> None:
    tm = timers(minutes=10)
    assert isinstance(tm.clock, W.Play) and tm.clock in tm.children
    assert tm.clock.layout.display == "none"  # the face is ours; the Play only keeps time
    assert (tm.clock.min, tm.clock.max, tm.clock.step, tm.clock.interval) == (0, 600, 1, 1000)
    assert not tm.clock.repeat
    tm.start_button.click()
    assert tm.running and tm.clock.playing
    assert tm.start_button.disabled and not tm.pause_button.disabled
    tm.start_button.click()  # a second start changes nothing
    assert tm.clock.playing and tm.clock.value == 0
    tm.pause_button.click()
    assert not tm.clock.playing and not tm.running
    assert not tm.start_button.disabled and tm.pause_button.disabled
    tm.tick(30)
    assert "09:30" in tm.display.value and "kv-timer-stopped" in tm.display.value
    tm.start_button.click()
    assert tm.clock.playing and "kv-timer-stopped" not in tm.display.value
    tm.reset_button.click()
    assert not tm.clock.playing and tm.clock.value == 0 and tm.remaining == 600
    assert "10:00" in tm.display.value


def test_the_front_end_clock_drives_the_display(timers) -> None:
    """What the browser does: it sets the Play's value once a second; the kernel only observes."""
    tm = timers(seconds=3)
    tm.start()
    for gone, shown in ((1, "00:02"), (2, "00:01")):
        tm.clock.value = gone
        assert shown in tm.display.value and tm.running
    tm.clock.value = 3
    assert tm.finished and "Tijd is om!" in tm.display.value
    assert not tm.clock.playing and not tm.running  # the clock is stopped at zero
    assert tm.start_button.disabled and tm.pause_button.disabled


def test_restart_counts_a_new_duration(timers) -> None:
    tm = timers(seconds=30, label="Denken")
    tm.tick(30)
    assert tm.finished
    tm.restart(90, label="Delen")
    assert tm.total == 90 and tm.clock.max == 90 and tm.clock.value == 0 and tm.running
    assert "01:30" in tm.display.value and tm.title.value == "<h3>Delen</h3>"
    tm.tick(100)
    assert tm.finished and not tm.running
    with pytest.raises(ValueError):
        tm.restart(0)


def test_close_stops_the_clock(timers) -> None:
    tm = timers(minutes=1)
    tm.start()
    clock = tm.clock
    tm.close()
    assert not clock.playing and clock.comm is None  # closed in the front end too


def test_no_threads(timers) -> None:
    """Pyodide cannot start threads: a running timer starts none, and the module needs none."""
    before = threading.active_count()
    tm = timers(seconds=5)
    tm.start()
    tm.tick()
    assert threading.active_count() == before
    code = ("import sys; import widgets.timer, widgets.prompts; "
            "assert 'threading' not in vars(widgets.timer) and 'threading' not in vars(widgets.prompts)")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_bad_arguments() -> None:
    with pytest.raises(ValueError):
        Timer()
    with pytest.raises(ValueError):
        Timer(minutes=-1)


def test_mmss_and_duration_words() -> None:
    assert mmss(0) == "00:00" and mmss(65) == "01:05" and mmss(3600) == "60:00"
    assert duration_text(300) == "5 minuten" and duration_text(60) == "1 minuut"
    assert duration_text(45) == "45 seconden" and duration_text(90) == "1 minuut en 30 seconden"
    assert duration_text(90, "en") == "1 minute and 30 seconds"


def test_print_line() -> None:
    line = Timer.render_print(None, "student", minutes=5, label="Groepswerk")
    assert "Tijd: 5 minuten — Groepswerk" in line and line.count("<p") == 1
    assert Timer.render_print(None, "teacher", minutes=5, label="Groepswerk") == line
    assert Timer.render_print(None, "cards", minutes=5, label="Groepswerk") == ""
    assert "Tijd: 45 seconden</p>" in Timer.render_print(None, "student", seconds=45)
    assert "&lt;b&gt;" in Timer.render_print(None, "student", minutes=1, label="<b>")
    set_language("en")
    assert "Time: 2 minutes — Pairs" in Timer.render_print(None, "student", minutes=2, label="Pairs")
