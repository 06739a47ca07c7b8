"""A school server: JupyterHub on 127.0.0.1 with this package installed, a student logs in, the
hub spawns their server, and a lesson runs in it (the README's JupyterHub section, tried out)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.browser.conftest import free_port, wait_http
from tests.browser.widgets_driver import run_all_cells

pytestmark = pytest.mark.browser

CONFIG = """
import os, sys
c = get_config()
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {port}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {hub_port}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{api_port}"
c.ConfigurableHTTPProxy.command = [os.path.join(os.path.dirname(sys.executable), "configurable-http-proxy")]
c.JupyterHub.authenticator_class = "dummy"
c.DummyAuthenticator.password = "klas"
c.Authenticator.allow_all = True
c.JupyterHub.spawner_class = "simple"
c.Spawner.args = ["--allow-root", "--LabApp.news_url=None"]
c.Spawner.default_url = "/lab"
c.Spawner.notebook_dir = {lessons!r}
# the simple spawner's default home is /tmp/{{username}}: keep it in the test's own folder
c.SimpleLocalProcessSpawner.home_dir_template = "{state}/home/{{username}}"
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
c.JupyterHub.db_url = "sqlite:///{state}/hub.sqlite"
c.JupyterHub.cookie_secret_file = "{state}/cookie_secret"
c.JupyterHub.pid_file = "{state}/hub.pid"
"""


@pytest.fixture
def hub(tmp_path: Path, lessons_copy: Path):
    port, hub_port, api_port = free_port(), free_port(), free_port()
    cfg = tmp_path / "jupyterhub_config.py"
    cfg.write_text(CONFIG.format(port=port, hub_port=hub_port, api_port=api_port,
                                 lessons=str(lessons_copy), state=tmp_path), "utf-8")
    env = {**os.environ, "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ["PATH"]]),
           "MPLBACKEND": "Agg"}
    log = open(tmp_path / "hub.log", "w")
    proc = subprocess.Popen([sys.executable, "-m", "jupyterhub", "-f", str(cfg)], cwd=tmp_path,
                            env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_http(f"http://127.0.0.1:{port}/hub/login", proc, timeout=90)
        yield f"http://127.0.0.1:{port}"
    finally:
        import signal
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
        log.close()


def test_student_on_jupyterhub_runs_a_lesson(page, hub: str, tmp_path: Path) -> None:
    page.goto(f"{hub}/hub/login")
    page.fill("input[name=username]", "leerling")
    page.fill("input[name=password]", "klas")
    page.locator("input[type=submit], button[type=submit]").first.click()
    page.wait_for_url("**/user/leerling/**", timeout=120_000)
    run_all_cells(page, f"{hub}/user/leerling", "01-wat-is-uitbuiting/01-wat-is-uitbuiting.ipynb")
    quiz = page.locator(".kv-quiz").first
    quiz.locator("button", has_text="Niet waar").first.click()
    assert "Mensenhandel gebeurt ook in Nederland" in quiz.locator(".kv-feedback").first.inner_text()
    # the student's home is the test's own folder, not a "leerling" folder in the system temp dir
    assert (tmp_path / "home" / "leerling").is_dir()
