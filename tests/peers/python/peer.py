#!/usr/bin/python3
"""Drives a real Wasmbox daemon with python-lsp-jsonrpc, a JSON-RPC library written without Wasmbox in mind.

Usage: /usr/bin/python3 peer.py SOCKET

Connects to the daemon's Unix socket and talks Content-Length framing through pylsp_jsonrpc's
JsonRpcStreamReader/JsonRpcStreamWriter and Endpoint (Debian: python3-pylsp-jsonrpc). Compiles a
small module, serves its two imports, and checks every answer exactly, including a host function
that reads the guest's memory while the guest waits for it (the daemon's request and ours in flight
on one connection). Prints "ok NAME" per check and exits 0 when all pass, 1 at the first failure.
"""

import base64
import itertools
import logging
import socket
import sys
import threading

from pylsp_jsonrpc.endpoint import Endpoint
from pylsp_jsonrpc.exceptions import JsonRpcException
from pylsp_jsonrpc.streams import JsonRpcStreamReader, JsonRpcStreamWriter

# The module, as wat2wasm compiles this text:
# (module
#   (import "env" "twice" (func $twice (param i32) (result i32)))
#   (import "env" "peek" (func $peek (param i32 i32) (result i32)))
#   (memory (export "memory") 1)
#   (data (i32.const 0) "hello")
#   (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
#   (func (export "wide") (param i64) (result i64) local.get 0 i64.const 3 i64.mul)
#   (func (export "run") (param i32) (result i32) local.get 0 call $twice i32.const 1 i32.add)
#   (func (export "peek") (param i32 i32) (result i32) local.get 0 local.get 1 call $peek))
MODULE = (
    "AGFzbQEAAAABEQNgAX8Bf2ACf38Bf2ABfgF+AhgCA2VudgV0d2ljZQAAA2VudgRwZWVrAAEDBQQBAgABBQMBAAEHJAUG"
    "bWVtb3J5AgADYWRkAAIEd2lkZQADA3J1bgAEBHBlZWsABQokBAcAIAAgAWoLBwAgAEIDfgsJACAAEABBAWoLCAAgACAB"
    "EAELCwsBAEEACwVoZWxsbw=="
)

I32 = "i32"
TIMEOUT = 30  # seconds for any one answer; the daemon answers these in milliseconds


class Refused(JsonRpcException):
    """The error a host function answers on purpose; the Endpoint logs it like a crash unless told otherwise."""


def quiet_about_refusals(record):
    return not (record.exc_info and isinstance(record.exc_info[1], Refused))


class Peer:
    def __init__(self, path):
        self.socket = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.socket.connect(path)
        self.reader = JsonRpcStreamReader(self.socket.makefile("rb"))
        self.writer = JsonRpcStreamWriter(self.socket.makefile("wb"))
        numbers = itertools.count(1)
        self.endpoint = Endpoint({"host/call": self.host_call}, self.writer.write, id_generator=lambda: next(numbers))
        self.host_calls = []
        self.instance_id = None
        self.listening = threading.Thread(target=self.reader.listen, args=(self.endpoint.consume,), daemon=True)
        self.listening.start()

    def call(self, method, params=None):
        return self.endpoint.request(method, params).result(timeout=TIMEOUT)

    def error_of(self, method, params):
        """The JsonRpcException the daemon answered with; a result is a failed check."""
        try:
            result = self.call(method, params)
        except JsonRpcException as error:
            return error
        raise AssertionError(f"{method} should have failed, got {result!r}")

    def host_call(self, params):
        # Returning a callable makes the Endpoint run it on its thread pool, so the reading thread
        # stays free for the answer to the instance/memory/read sent from inside it.
        def serve():
            self.host_calls.append((params["module"], params["name"], params["args"]))
            expect(params["instanceId"], self.instance_id, "host/call instanceId")
            if params["name"] == "twice":
                (x,) = params["args"]
                if x == 13:
                    raise Refused(message="thirteen is refused", code=-32000)
                return {"results": [2 * x]}
            if params["name"] == "peek":
                offset, length = params["args"]
                read = self.call("instance/memory/read", {"instanceId": self.instance_id, "offset": offset, "length": length})
                return {"results": [sum(base64.b64decode(read["bytes"]))]}
            raise JsonRpcException(message=f"no host function {params['name']}", code=-32601)

        return serve

    def close(self):
        self.socket.shutdown(socket.SHUT_RDWR)
        self.listening.join(TIMEOUT)
        self.endpoint.shutdown()
        self.socket.close()


def expect(actual, wanted, what):
    if actual != wanted:
        raise AssertionError(f"{what}: expected {wanted!r}, got {actual!r}")


def func(params, results):
    return {"params": params, "results": results}


def run_checks(peer):
    state = {}

    def engine_info():
        info = peer.call("engine/info")
        expect(info["name"], "wasmbox", "name")
        expect(info["protocolVersion"], 1, "protocolVersion")
        expect("host-calls" in info["features"], True, "features include host-calls")

    def compile_module():
        compiled = peer.call("module/compile", {"bytes": MODULE})
        expect(compiled["imports"], [
            {"module": "env", "name": "twice", "kind": "func", "type": func([I32], [I32])},
            {"module": "env", "name": "peek", "kind": "func", "type": func([I32, I32], [I32])},
        ], "imports")
        expect(compiled["exports"], [
            {"name": "memory", "kind": "memory", "type": {"min": 1}},
            {"name": "add", "kind": "func", "type": func([I32, I32], [I32])},
            {"name": "wide", "kind": "func", "type": func(["i64"], ["i64"])},
            {"name": "run", "kind": "func", "type": func([I32], [I32])},
            {"name": "peek", "kind": "func", "type": func([I32, I32], [I32])},
        ], "exports")
        state["module"] = compiled["moduleId"]

    def invalid_module():
        error = peer.error_of("module/compile", [base64.b64encode(b"\0asm\1\0\0\0\1").decode()])
        expect(error.code, -32000, "code")
        expect(error.data["type"], "CompileError", "data.type")
        expect(isinstance(error.data["offset"], int), True, "data.offset is a number")

    def create_instance():
        created = peer.call("instance/create", {
            "moduleId": state["module"],
            "hostFunctions": [{"module": "env", "name": "twice"}, {"module": "env", "name": "peek"}],
        })
        expect([e["name"] for e in created["exports"]], ["memory", "add", "wide", "run", "peek"], "instance exports")
        peer.instance_id = created["instanceId"]

    def invoke(export, args):
        return peer.call("instance/invoke", {"instanceId": peer.instance_id, "export": export, "args": args})

    def add_by_name_and_position():
        expect(invoke("add", [2, 40]), {"results": [42]}, "add(2, 40)")
        positional = peer.call("instance/invoke", [peer.instance_id, "add", [-1, "4294967295"], 5000])
        expect(positional, {"results": [-2]}, "add(-1, 4294967295) by position")

    def i64_as_decimal_strings():
        # 3 * 3074457345618258603 wraps past 2^63: exact only if no float ever carries it.
        expect(invoke("wide", ["3074457345618258603"]), {"results": ["-9223372036854775807"]}, "wide")

    def host_function_served_here():
        peer.host_calls.clear()
        expect(invoke("run", [20]), {"results": [41]}, "run(20)")
        expect(peer.host_calls, [("env", "twice", [20])], "host calls made")

    def host_function_reads_guest_memory():
        peer.host_calls.clear()
        expect(invoke("peek", [0, 5]), {"results": [sum(b"hello")]}, "peek(0, 5)")
        expect(peer.host_calls, [("env", "peek", [0, 5])], "host calls made")

    def host_error_traps_the_guest():
        error = peer.error_of("instance/invoke", {"instanceId": peer.instance_id, "export": "run", "args": [13]})
        expect(error.code, -32000, "code")
        expect(error.data["type"], "HostError", "data.type")
        expect("thirteen is refused" in error.data["message"], True, f"the host's message in {error.data['message']!r}")
        expect(invoke("run", [1]), {"results": [3]}, "run(1) after the host error")

    def memory_write_and_read():
        peer.call("instance/memory/write", {"instanceId": peer.instance_id, "offset": 100, "bytes": base64.b64encode(b"world").decode()})
        read = peer.call("instance/memory/read", {"instanceId": peer.instance_id, "offset": 98, "length": 9, "memory": "memory"})
        expect(base64.b64decode(read["bytes"]), b"\0\0world\0\0", "memory 98..107")
        outside = peer.error_of("instance/memory/read", {"instanceId": peer.instance_id, "offset": 65534, "length": 5})
        expect(outside.data["type"], "OutOfBounds", "data.type")

    def protocol_errors():
        expect(peer.error_of("no/such/method", {}).code, -32601, "unknown method")
        expect(peer.error_of("instance/invoke", {"instanceId": peer.instance_id, "export": "add", "args": [1, 1.5]}).code, -32602, "i32 1.5")
        expect(peer.error_of("instance/invoke", {"instanceId": 7, "export": "add"}).code, -32602, "a number for instanceId")
        missing = peer.error_of("instance/invoke", {"instanceId": "i999", "export": "add", "args": [1, 2]})
        expect(missing.data["type"], "NotFound", "unknown instance")

    def dispose():
        expect(peer.call("instance/dispose", {"instanceId": peer.instance_id}), None, "instance/dispose")
        expect(peer.call("module/dispose", [state["module"]]), None, "module/dispose")
        expect(peer.error_of("instance/invoke", {"instanceId": peer.instance_id, "export": "add", "args": [1, 2]}).data["type"], "NotFound", "disposed instance")

    checks = [
        ("engine/info", engine_info),
        ("module/compile lists imports and exports", compile_module),
        ("an invalid module is a CompileError", invalid_module),
        ("instance/create with imports served here", create_instance),
        ("instance/invoke by name and by position", add_by_name_and_position),
        ("i64 travels as exact decimal strings", i64_as_decimal_strings),
        ("host/call answered here", host_function_served_here),
        ("host/call reads guest memory while the guest waits", host_function_reads_guest_memory),
        ("an error from host/call traps the guest as HostError", host_error_traps_the_guest),
        ("instance/memory/write and read", memory_write_and_read),
        ("protocol errors -32601 and -32602", protocol_errors),
        ("dispose", dispose),
    ]
    for name, check in checks:
        try:
            check()
        except Exception as error:  # every failure, whatever its kind, is reported and ends the run
            print(f"not ok {name}: {type(error).__name__}: {error}", flush=True)
            return False
        print(f"ok {name}", flush=True)
    return True


def main():
    if len(sys.argv) != 2:
        print("usage: peer.py SOCKET", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.WARNING, format="peer.py: %(name)s: %(message)s")
    logging.getLogger("pylsp_jsonrpc.endpoint").addFilter(quiet_about_refusals)
    peer = Peer(sys.argv[1])
    try:
        return 0 if run_checks(peer) else 1
    finally:
        peer.close()


if __name__ == "__main__":
    sys.exit(main())
