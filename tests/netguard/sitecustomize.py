"""Loaded by kernels started for the no-network tests (PYTHONPATH points here).

Any attempt to resolve or connect to a host that is not this machine raises, and is recorded in
the file named by KIJKVERDER_NETLOG, so a test can fail on it even if the lesson swallowed the error.
"""
import os
import socket

_LOCAL = {"127.0.0.1", "::1", "localhost", "0.0.0.0", None, ""}
_log = os.environ.get("KIJKVERDER_NETLOG")


def _record(what):
    if _log:
        with open(_log, "a", encoding="utf-8") as f:
            f.write(what + "\n")
    raise OSError(f"network access blocked in Kijk Verder tests: {what}")


_orig_connect = socket.socket.connect
_orig_getaddrinfo = socket.getaddrinfo


def _connect(self, address):
    host = address[0] if isinstance(address, tuple) else None
    if self.family in (socket.AF_INET, socket.AF_INET6) and host not in _LOCAL:
        _record(f"connect {address!r}")
    return _orig_connect(self, address)


def _getaddrinfo(host, *args, **kwargs):
    h = host.decode() if isinstance(host, bytes) else host
    if h not in _LOCAL:
        _record(f"getaddrinfo {h!r}")
    return _orig_getaddrinfo(host, *args, **kwargs)


socket.socket.connect = _connect
socket.getaddrinfo = _getaddrinfo
