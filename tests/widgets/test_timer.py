"""Timer: display, ticking to the end state, start/pause/reset, the clock thread, print line."""
from __future__ import annotations

import time

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


def test_buttons_start_pause_and_reset_the_thread(timers) -> None:
    tm = timers(minutes=10)
    tm.start_button.click()
    thread = tm._thread
    assert tm.running and thread is not None and thread.is_alive()
    assert tm.start_button.disabled and not tm.pause_button.disabled
    tm.start_button.click()  # a second start does not start a second clock
    assert tm._thread is thread
    tm.pause_button.click()
    thread.join(timeout=2)
    assert not thread.is_alive() and not tm.running
    assert not tm.start_button.disabled and tm.pause_button.disabled
    tm.tick(30)
    tm.start_button.click()
    second = tm._thread
    assert second is not thread and second.is_alive()
    tm.reset_button.click()
    second.join(timeout=2)
    assert not second.is_alive() and tm.remaining == 600 and not tm.running
    assert "10:00" in tm.display.value


def test_close_stops_the_clock(timers) -> None:
    tm = timers(minutes=1)
    tm.start()
    thread = tm._thread
    tm.close()
    thread.join(timeout=2)
    assert not thread.is_alive() and not tm.running


def test_the_clock_really_ticks(timers) -> None:
    """The clock thread ticks by itself (with a short interval, so the test does not wait)."""
    tm = timers(seconds=3)
    tm.interval = 0.01
    tm.start()
    tm._thread.join(timeout=3)
    assert tm.finished and "Tijd is om!" in tm.display.value and not tm.running


def test_a_paused_clock_does_not_tick_again(timers) -> None:
    tm = timers(seconds=30)
    tm.interval = 0.01
    with tm._lock:  # hold the clock thread at its next tick, like a tick racing with a pause
        tm.start()
        thread = tm._thread
        time.sleep(0.1)
        tm.pause()
    thread.join(timeout=2)
    assert not thread.is_alive() and tm.remaining == 30 and "00:30" in tm.display.value


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
