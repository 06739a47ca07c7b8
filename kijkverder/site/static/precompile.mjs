import {{ loadPyodide }} from {mjs};
const py = await loadPyodide({{ indexURL: {index} }});
py.FS.mkdirTree("/host");
py.FS.mount(py.FS.filesystems.NODEFS, {{ root: "/" }}, "/host");
py.globals.set("JOBS", {jobs});
py.runPython({script});
