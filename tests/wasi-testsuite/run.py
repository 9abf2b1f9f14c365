#!/usr/bin/env python3
"""Runs the WASI preview1 conformance tests through `./wasmbox run`, following the suite's rules.

By default every test runs in one sandbox daemon started for the whole suite (`wasmbox serve`,
allowed to preopen the suite's scratch folder only, found through WASMBOX_SOCKET): the path
`./wasmbox run` takes when a daemon answers. `--in-process` runs each test in the CLI's own process
instead, `--private` lets each run start its own private daemon (slow: one daemon per test).

Each tests/<lang>/testsuite/wasm32-wasip1/X.wasm is one test; X.json beside it (optional) gives
args, env, root (a folder copied to a scratch place and preopened as the guest's /, with **/*.cleanup
removed first), exit_code, and the expected prefixes of stdout and stderr. Tests named in
skip-list.tsv (beside this script) are skipped with their reason. Prints one line per failure and
a last line "N passed, M failed, K skipped"; exits 1 when anything failed.
"""
import argparse
import glob
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
SHARED = os.environ.get("WASMBOX_SHARED_DIR") or os.path.join(os.path.dirname(REPO), "shared")
SUITE = os.path.join(SHARED, "wasi-testsuite", "tests")
WASMBOX = os.environ.get("WASMBOX") or os.path.join(REPO, "wasmbox")
TIMEOUT_SECONDS = 120
DAEMON_START_SECONDS = 60


def load_skips():
    skips = {}
    path = os.path.join(HERE, "skip-list.tsv")
    if os.path.exists(path):
        for line in open(path, encoding="utf-8"):
            line = line.rstrip("\n")
            if line and not line.startswith("#"):
                test, reason = line.split("\t", 1)
                skips[test] = reason
    return skips


def start_daemon(scratch):
    """Starts `wasmbox serve` on a socket in `scratch`, allowed to preopen under `scratch`; returns (process, socket path)."""
    path = os.path.join(scratch, "d.sock")
    log = open(os.path.join(scratch, "daemon.log"), "wb")
    process = subprocess.Popen([WASMBOX, "serve", "--socket", path, "--allow-dir", scratch],
                               stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
    until = time.monotonic() + DAEMON_START_SECONDS
    while time.monotonic() < until and process.poll() is None:
        if os.path.exists(path):
            probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                probe.connect(path)
                return process, path
            except OSError:
                pass
            finally:
                probe.close()
        time.sleep(0.05)
    process.kill()
    raise RuntimeError("the daemon did not start: " + open(log.name, encoding="utf-8", errors="replace").read()[-2000:])


def stop_daemon(process):
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    return process.returncode


def run_test(wasm, scratch_parent, run_options):
    folder = os.path.dirname(wasm)
    name = os.path.splitext(os.path.basename(wasm))[0]
    spec = {"args": [], "env": {}, "root": None, "exit_code": 0, "stdout": "", "stderr": ""}
    spec_path = os.path.join(folder, name + ".json")
    if os.path.exists(spec_path):
        with open(spec_path, encoding="utf-8") as f:
            spec.update(json.load(f))

    command = [WASMBOX, "run"] + run_options
    scratch = None
    try:
        if spec.get("root"):
            scratch = tempfile.mkdtemp(prefix="wasi-test-", dir=scratch_parent)
            root = os.path.join(scratch, "root")
            shutil.copytree(os.path.join(folder, spec["root"]), root, symlinks=True)
            for leftover in glob.glob(os.path.join(root, "**", "*.cleanup"), recursive=True):
                os.remove(leftover)
            command += ["--dir", root + "::/"]
        for key, value in spec.get("env", {}).items():
            command += ["--env", f"{key}={value}"]
        command += ["--", wasm] + spec.get("args", [])
        try:
            result = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True, timeout=TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            return f"timed out after {TIMEOUT_SECONDS} s"
        stdout = result.stdout.decode("utf-8", "replace")
        stderr = result.stderr.decode("utf-8", "replace")
        if result.returncode != spec["exit_code"]:
            return f"exit status {result.returncode}, expected {spec['exit_code']}; stderr: {stderr[:300]!r}"
        if not stdout.startswith(spec.get("stdout", "")):
            return f"stdout {stdout[:200]!r} does not start with {spec['stdout'][:200]!r}"
        if not stderr.startswith(spec.get("stderr", "")):
            return f"stderr {stderr[:200]!r} does not start with {spec['stderr'][:200]!r}"
        return None
    finally:
        if scratch:
            shutil.rmtree(scratch, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--in-process", action="store_true", help="run each test in the CLI's own process")
    mode.add_argument("--private", action="store_true", help="let each run start a private daemon")
    arguments = parser.parse_args()

    tests = sorted(glob.glob(os.path.join(SUITE, "*", "testsuite", "wasm32-wasip1", "*.wasm")))
    if not tests:
        print(f"no tests found under {SUITE}", file=sys.stderr)
        print("0 passed, 1 failed")
        return 1
    skips = load_skips()
    passed = failed = skipped = 0
    # realpath: the daemon checks preopens after resolving symlinks (a /tmp that is one, say).
    scratch = os.path.realpath(tempfile.mkdtemp(prefix="wasi-suite-"))
    daemon = None
    run_options = []
    if arguments.in_process:
        run_options = ["--in-process"]
    elif arguments.private:
        run_options = ["--private"]
    else:
        daemon, path = start_daemon(scratch)
        os.environ["WASMBOX_SOCKET"] = path
    try:
        for wasm in tests:
            test = os.path.relpath(wasm, SUITE)
            if test in skips:
                skipped += 1
                print(f"{test}: skipped: {skips[test]}")
                continue
            problem = run_test(wasm, scratch, run_options)
            if daemon is not None and daemon.poll() is not None:
                problem = (problem or "") + f" (the daemon exited with status {daemon.returncode})"
            if problem is None:
                passed += 1
            else:
                failed += 1
                print(f"{test}: FAILED: {problem}")
    finally:
        if daemon is not None:
            status = stop_daemon(daemon)
            if status != 0:
                failed += 1
                print(f"the daemon exited with status {status}: " + open(os.path.join(scratch, "daemon.log"), encoding="utf-8", errors="replace").read()[-2000:])
        shutil.rmtree(scratch, ignore_errors=True)
    where = "in-process" if arguments.in_process else "private daemons" if arguments.private else "one daemon"
    print(f"ran through {where}")
    print(f"{passed} passed, {failed} failed" + (f", {skipped} skipped" if skipped else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
