"""JupyterLite: its configuration, the pinned build tools (their own virtual environment in the
cache), ``jupyter lite build``, and the check that the built site loads nothing from another
host (:func:`check_offline`)."""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

from .base import PINS_FILE, Log, SiteError, _run, _sha256, pins
from .pyodide import KERNEL_PRELOAD

#: Hosts that must never be contacted by the site.
CDN_HOSTS = ("cdn.jsdelivr.net", "unpkg.com", "pypi.org", "files.pythonhosted.org",
             "raw.githubusercontent.com", "cdnjs.cloudflare.com", "fonts.googleapis.com",
             "fonts.gstatic.com", "esm.sh")
#: (file name regex, host, reason): places where a CDN host is named but never contacted by the
#: site. Any other occurrence fails the build (:func:`check_offline`); the browser test records
#: Chromium's own net log to prove that nothing is requested off the serving host.
KNOWN_REMOTE_NAMES = [
    (r"^extensions/@jupyterlite/pyodide-kernel-extension/static/.*\.(js|json)$", "cdn.jsdelivr.net",
     "the kernel's default pyodideUrl, overridden by litePluginSettings in jupyter-lite.json"),
    (r"^extensions/@jupyterlite/pyodide-kernel-extension/static/.*\.(js|json)$", "pypi.org",
     "piplite's PyPI fallback, switched off by disablePyPIFallback"),
    (r"^static/pyodide/pyodide\.m?js$", "cdn.jsdelivr.net",
     "Pyodide's cdnUrl default; every package is listed in the shipped lock and loaded from it"),
    (r"^build/[^/]+\.js$", "raw.githubusercontent.com",
     "an ajv JSON-schema $id and a link in a schema description: identifiers, not fetched"),
]


def lite_config(audience: str) -> dict:
    return {
        "jupyter-lite-schema-version": 0,
        "jupyter-config-data": {
            "appName": "Kijk Verder" + (" (docenten)" if audience == "docenten" else ""),
            "disabledExtensions": ["@jupyterlab/apputils-extension:announcements"],
            # volatile storage: a shared computer keeps nothing after the tab is closed
            "enableMemoryStorage": True,
            "contentsStorageDrivers": ["memoryStorageDriver"],
            "settingsStorageDrivers": ["memoryStorageDriver"],
            # the workspace (which lessons were opened, JupyterLab's "recents") too: without this
            # it goes to IndexedDB and the next user of the computer finds it
            "workspacesStorageDrivers": ["memoryStorageDriver"],
            "litePluginSettings": {
                "@jupyterlite/pyodide-kernel-extension:kernel": {
                    "pyodideUrl": "./static/pyodide/pyodide.mjs",
                    "disablePyPIFallback": True,
                    # everything in one parallel load: the kernel then installs nothing
                    "loadPyodideOptions": {"packages": ["kijkverder", *KERNEL_PRELOAD]},
                },
            },
        },
    }


#: JupyterLab settings: hide the REPL's prompt counters as far as settings allow.
OVERRIDES = {
    "@jupyterlab/apputils-extension:themes": {"theme": "JupyterLab Light"},
    "@jupyterlab/notebook-extension:tracker": {"autoRenderMarkdownCells": True},
    # the interface in Dutch (the language pack is one of the build tools)
    "@jupyterlab/translation-extension:plugin": {"locale": "nl_NL"},
}


def build_tools(cache: Path, log: Log) -> Path:
    """The Python of a private virtual environment in the cache that holds exactly the pinned
    build tools (``[build]`` in site_pins.toml: jupyterlite-core, the Pyodide kernel, the widget
    front end). Not the project's own environment: the Pyodide kernel's front-end extension
    belongs in JupyterLite, and installed next to JupyterLab and Voilà it breaks their pages."""
    build = pins()["build"]
    key = hashlib.sha256(json.dumps([build, sys.version], sort_keys=True).encode()).hexdigest()[:12]
    venv = cache / f"tools-{key}"
    python = venv / "bin" / "python"
    done = venv / ".kijkverder-complete"
    if not done.exists():
        shutil.rmtree(venv, ignore_errors=True)
        log("installing the site build tools (once, into the download cache)")
        _run([sys.executable, "-m", "venv", str(venv)])
        _run([str(python), "-m", "pip", "--disable-pip-version-check", "install", "--quiet",
              *(f"{name}=={version}" for name, version in build.items())])
        done.write_text(json.dumps(build), "utf-8")
    check_build_tools(python)
    return python


def _extensions(python: Path) -> list[Path]:
    """The front-end extensions the site needs, from the build tools' environment: the Pyodide
    kernel and the widget manager."""
    share = python.parent.parent / "share" / "jupyter" / "labextensions"
    found = []
    for name in ("@jupyterlite/pyodide-kernel-extension", "@jupyter-widgets/jupyterlab-manager"):
        if not (share / name / "package.json").exists():
            raise SiteError(f"{share / name}: front-end extension missing from the build tools "
                            "(remove the folder tools-* in the site cache to reinstall them)")
        found.append(share / name)
    return found


def check_build_tools(python: Path) -> None:
    """The build tools must be the pinned ones (the kernel, its front end and Pyodide must match,
    or the kernel silently fails to start)."""
    code = ("import json, importlib.metadata as m, sys\n"
            "out = {}\n"
            "for n in sys.argv[1:]:\n"
            "    try: out[n] = m.version(n)\n"
            "    except m.PackageNotFoundError: out[n] = None\n"
            "print(json.dumps(out))")
    build = pins()["build"]
    have = json.loads(_run([str(python), "-c", code, *build]))
    for name, pinned in build.items():
        if have.get(name) != pinned:
            raise SiteError(f"{PINS_FILE}: build: {name} {have.get(name) or 'not installed'} in "
                            f"{python.parent.parent}, pinned {pinned} (remove that folder to "
                            "reinstall the build tools)")


#: The JupyterLite build add-ons that must not look into the build environment's prefix: all
#: but ``translation`` (the Dutch language pack lives there).
SYS_PREFIX_IGNORED = ("federated_extensions", "icons", "archive", "contents", "lite", "mimetypes",
                      "report", "serve", "settings", "static", "workspaces",
                      "jupyterlite-pyodide-kernel-lock", "jupyterlite-pyodide-kernel-piplite",
                      "jupyterlite-pyodide-kernel-pyodide")


def lite_build(contents: Path, out: Path, audience: str, pyodide_dir: Path, log: Log,
               python: Path) -> None:
    """Run ``jupyter lite build`` (with the build tools' ``python``) clean in a scratch lite dir,
    then put Pyodide in place."""
    with tempfile.TemporaryDirectory(prefix="kv-lite-") as tmp:
        lite = Path(tmp)
        (lite / "jupyter-lite.json").write_text(json.dumps(lite_config(audience), indent=1), "utf-8")
        (lite / "overrides.json").write_text(json.dumps(OVERRIDES, indent=1), "utf-8")
        # nothing from the build environment's prefix but the language packs: the translation
        # add-on reads them from there (the front-end extensions are passed by path below)
        (lite / "jupyter_lite_config.json").write_text(json.dumps(
            {"LiteBuildConfig": {"ignore_sys_prefix": list(SYS_PREFIX_IGNORED)}}), "utf-8")
        cmd = [str(python), "-m", "jupyterlite_core", "build", "--lite-dir", str(lite),
               "--contents", str(contents), "--output-dir", str(out), "--no-sourcemaps",
               "--no-unused-shared-packages",
               "--apps", "lab", "--apps", "notebooks", "--apps", "repl",
               *(f"--LiteBuildConfig.federated_extensions={p}" for p in _extensions(python))]
        log("jupyter lite build")
        env = {**os.environ, "JUPYTERLITE_NO_LIBARCHIVE": "1"}
        _run(cmd, cwd=lite, env=env)
    shutil.copytree(pyodide_dir, out / "static" / "pyodide", dirs_exist_ok=True)


#: JupyterLite's three browser stores (contents, settings, workspace): memory only, so a shared
#: computer keeps nothing, not even which lessons were opened.
STORAGE_KEYS = ("contentsStorageDrivers", "settingsStorageDrivers", "workspacesStorageDrivers")


def check_offline(out: Path) -> None:
    """Fail unless the built site loads Pyodide, wheels and assets only from itself."""
    cfg_path = out / "jupyter-lite.json"
    try:
        cfg = json.loads(cfg_path.read_text("utf-8"))["jupyter-config-data"]
        kernel = cfg["litePluginSettings"]["@jupyterlite/pyodide-kernel-extension:kernel"]
    except (OSError, KeyError, ValueError) as e:
        raise SiteError(f"{cfg_path}: litePluginSettings: no Pyodide kernel settings ({e})") from None
    url = kernel.get("pyodideUrl", "")
    if "://" in url or not url.startswith("./") or not (out / url).is_file():
        raise SiteError(f"{cfg_path}: pyodideUrl: {url!r} is not a file of the site "
                        "(set it to ./static/pyodide/pyodide.mjs)")
    if kernel.get("disablePyPIFallback") is not True:
        raise SiteError(f"{cfg_path}: disablePyPIFallback: must be true (no PyPI fallback)")
    for storage in STORAGE_KEYS:
        if cfg.get(storage) != ["memoryStorageDriver"]:
            raise SiteError(f"{cfg_path}: {storage}: must be memoryStorageDriver only (the "
                            "browser keeps nothing after the tab is closed)")
    if cfg.get("enableMemoryStorage") is not True:
        raise SiteError(f"{cfg_path}: enableMemoryStorage: must be true")
    lock_path = out / "static" / "pyodide" / "pyodide-lock.json"
    lock = json.loads(lock_path.read_text("utf-8"))
    for key, p in lock["packages"].items():
        f = lock_path.parent / p["file_name"]
        if "://" in p["file_name"] or not f.is_file() or _sha256(f) != p["sha256"]:
            raise SiteError(f"{lock_path}: packages.{key}: {p['file_name']} is not shipped "
                            "as listed (rebuild the site)")
    listed = {p["file_name"] for p in lock["packages"].values()}
    unlisted = sorted(f.name for f in lock_path.parent.glob("*.whl") if f.name not in listed)
    if unlisted:
        raise SiteError(f"{lock_path}: packages: {unlisted} shipped but not in the lock "
                        "(rebuild the site)")
    problems = []
    for f in sorted(out.rglob("*")):
        if not f.is_file() or f.suffix not in (".js", ".mjs", ".json", ".html", ".css", ".ipynb"):
            continue
        rel = str(f.relative_to(out))
        text = f.read_text("utf-8", errors="replace")
        for host in CDN_HOSTS:
            if host in text and not any(re.match(pat, rel) and host == h
                                        for pat, h, _why in KNOWN_REMOTE_NAMES):
                problems.append(f"{out / rel}: {host}: names a remote host (remove it or load "
                                "the file from the site)")
    if problems:
        raise SiteError("\n".join(problems))
