"""A school server: JupyterHub on 127.0.0.1 with this package installed, a student logs in, the
hub spawns their server, and a lesson runs in it (the README's JupyterHub section, tried out)."""
from __future__ import annotations

import json
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import psutil
import pytest

from tests.browser.conftest import free_port, wait_http
from tests.browser.widgets_driver import run_all_cells
from tests.processes import ENV_VARS

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
# the fixture stops the student's server through the REST API before it stops the hub
c.JupyterHub.services = [{{"name": "test-teardown", "api_token": {token!r}}}]
c.JupyterHub.load_roles = [{{"name": "test-teardown", "scopes": ["admin:servers", "list:users",
                            "read:users"], "services": ["test-teardown"]}}]
# the spawner cleans the environment: pass on the markers of the leftover-process check
c.Spawner.env_keep.extend({markers!r})
"""


def _api(base: str, token: str, method: str, path: str) -> tuple[int, dict]:
    req = urllib.request.Request(f"{base}/hub/api{path}", method=method,
                                 headers={"Authorization": f"token {token}"})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            body = r.read()
            return r.status, json.loads(body) if body else {}
    except urllib.error.HTTPError as e:
        return e.code, {}


def stop_user_servers(base: str, token: str, timeout: float = 60) -> None:
    """Stop every user's server (and so its kernels) through the hub and wait until it is gone:
    the single-user server runs in a session of its own, out of reach of the hub's process group,
    and survived the hub when only the hub was stopped."""
    status, users = _api(base, token, "GET", "/users")
    assert status == 200, status
    for user in users:
        if user.get("servers"):
            status, _ = _api(base, token, "DELETE", f"/users/{user['name']}/server")
            assert status in (202, 204), status
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        _, users = _api(base, token, "GET", "/users")
        if not any(u.get("servers") for u in users):
            return
        time.sleep(0.5)
    raise TimeoutError(f"the hub did not stop the user servers in {timeout} s")


def hub_user_processes(hub_port: int) -> list[psutil.Process]:
    """Live single-user servers (and their kernels) of the hub on ``hub_port``."""
    found = []
    for proc in psutil.process_iter():
        try:
            env = proc.environ()
        except (psutil.Error, OSError):
            continue
        if f":{hub_port}/" in env.get("JUPYTERHUB_API_URL", "") and env.get("JUPYTERHUB_USER"):
            found.append(proc)
    return found


@pytest.fixture
def hub(tmp_path: Path, lessons_copy: Path):
    port, hub_port, api_port = free_port(), free_port(), free_port()
    token = secrets.token_hex(24)
    cfg = tmp_path / "jupyterhub_config.py"
    cfg.write_text(CONFIG.format(port=port, hub_port=hub_port, api_port=api_port,
                                 lessons=str(lessons_copy), state=tmp_path, token=token,
                                 markers=list(ENV_VARS)), "utf-8")
    env = {**os.environ,
           "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ["PATH"]])}
    log = open(tmp_path / "hub.log", "w")
    proc = subprocess.Popen([sys.executable, "-m", "jupyterhub", "-f", str(cfg)], cwd=tmp_path,
                            env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_http(f"{base}/hub/login", proc, timeout=90)
        yield base
    finally:
        try:
            if proc.poll() is None:
                stop_user_servers(base, token)
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
            log.close()
            # a kernel ends a moment after its server (it is told to shut down, then exits):
            # give them the time a clean shutdown takes, then name whatever is still alive
            _gone, left = psutil.wait_procs(hub_user_processes(hub_port), timeout=15)
            for p in left:
                p.kill()
    assert not left, f"single-user servers or kernels left running: {left}"


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
