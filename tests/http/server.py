"""Starts `newssearch serve` on a free loopback port for a test and stops it.
Shared by the tests under tests/http/."""
import json
import subprocess
import time
import urllib.error
import urllib.request


class Server:
    def __init__(self, binary, db, threads=4):
        self.proc = subprocess.Popen(
            [binary, "serve", "--db", db, "--port", "0", "--threads", str(threads)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()  # "newssearch: serving DB on http://127.0.0.1:PORT/ ..."
        if "http://" not in line:
            raise RuntimeError("server did not start: " + line + self.proc.stderr.read())
        self.base = line.split("http://", 1)[1].split("/", 1)[0]
        self.url = "http://" + self.base

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

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        return self.proc.returncode


def wait_for(predicate, seconds=10):
    end = time.time() + seconds
    while time.time() < end:
        if predicate():
            return True
        time.sleep(0.05)
    return False
