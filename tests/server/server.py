"""What the tests under tests/server/ share: starting `newssearch serve` on a
free loopback port and stopping it, and the pass/fail tally every test
prints (CTest reads the exit status, people read the FAIL lines)."""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request


def append_only_file():
    """A file for the server's standard error, opened in append mode: the
    server shares its offset, and errors() seeking back to read it while
    the server writes would otherwise have the next line written over the
    first ones (O_APPEND writes at the end whatever the offset)."""
    fd, path = tempfile.mkstemp(prefix="newssearch-stderr-")
    os.close(fd)
    f = open(path, "a+")
    os.unlink(path)
    return f


class Server:
    def __init__(self, binary, db, threads=4, user=None, extra=(), stderr=None):
        # The server's standard error goes to a file unless a test asks for
        # a pipe: a pipe nobody reads fills, and must not stop the server
        # (test_slow_clients.py checks that on purpose).
        self.err = stderr if stderr is not None else append_only_file()
        as_user = ["setpriv", f"--reuid={user}", f"--regid={user if user != 'nobody' else 'nogroup'}",
                   "--clear-groups"] if user else []
        self.proc = subprocess.Popen(
            as_user + [binary, "serve", "--db", db, "--port", "0", "--threads", str(threads), *extra],
            stdout=subprocess.PIPE, stderr=self.err, text=True)
        line = self.proc.stdout.readline()  # "newssearch: serving DB on http://127.0.0.1:PORT/ ..."
        if "http://" not in line:
            raise RuntimeError("server did not start: " + line + self.errors())
        self.base = line.split("http://", 1)[1].split("/", 1)[0]
        self.url = "http://" + self.base
        host, port = self.base.rsplit(":", 1)
        self.address = (host, int(port))  # for raw sockets

    def get(self, path, method="GET", timeout=10):
        """(status, headers, body bytes) of a request; never raises on HTTP errors."""
        req = urllib.request.Request(self.url + path, method=method)
        try:
            with urllib.request.urlopen(req, timeout=timeout) as r:
                return r.status, r.headers, r.read()
        except urllib.error.HTTPError as e:
            return e.code, e.headers, e.read()

    def json(self, path):
        status, _, body = self.get(path)
        return status, json.loads(body) if body else None

    def errors(self):
        """What the server wrote to standard error so far (file only)."""
        if self.err is subprocess.PIPE:
            return ""
        self.err.flush()
        self.err.seek(0)
        return self.err.read()

    def stop_clean(self):
        """Stops the server: (whether it exited 0, its code and the end of
        what it wrote), the two last arguments of a check."""
        code = self.stop()
        return code == 0, (code, self.errors()[-1500:])

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        return self.proc.returncode


def demo_server(binary, demo, workdir, name, threads=2, extra=(), stderr=None):
    """A fresh folder WORKDIR/NAME, the demo articles ingested into x.db
    there, and a server on it: (server, folder, database)."""
    work = os.path.join(workdir, name)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    db = os.path.join(work, "x.db")
    subprocess.run([binary, "ingest", "--quiet", "--db", db, demo], check=True,
                   stderr=subprocess.DEVNULL)
    return Server(binary, db, threads=threads, extra=extra, stderr=stderr), work, db


def wait_for(predicate, seconds=10):
    end = time.time() + seconds
    while time.time() < end:
        if predicate():
            return True
        time.sleep(0.05)
    return False


class Checks:
    """check(name, ok, detail) records one assertion; finish() prints the
    tally and exits 1 when any failed or none ran."""

    def __init__(self):
        self.passed = self.failed = 0

    def __call__(self, name, ok, detail=""):
        if ok:
            self.passed += 1
        else:
            self.failed += 1
            print(f"FAIL {name} {str(detail)[:400]}")

    def finish(self):
        print(f"{self.passed} passed, {self.failed} failed")
        sys.exit(1 if self.failed or not self.passed else 0)


def need_shared(path):
    """Tests that read ../shared fail, loudly, when it is missing."""
    if not os.path.isdir(path):
        print(f"FAIL: needs the shared corpus at {path} (../shared beside the project)\n0 passed, 1 failed")
        sys.exit(1)
