#!/usr/bin/env bash
# Ctrl+C during `wasmbox run`: the command exits 130 at once, and the guest stops where it runs —
# in a shared daemon (which keeps serving, with no guest left spinning) and in a private daemon
# (which exits with the command). The guest is an endless loop that calls nothing, so only the
# interrupt at its loop header can stop it.
set -euo pipefail
set -m # background jobs keep SIGINT (without job control bash would start them ignoring it)
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

work="$(mktemp -d /tmp/wasmbox-interrupt-XXXXXX)"
daemon=""
cleanup() {
  if [[ -n "$daemon" ]]; then kill "$daemon" 2>/dev/null || true; wait "$daemon" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# (module (memory (export "memory") 1) (func (export "_start") (loop (br 0))))
python3 -c 'import sys; sys.stdout.buffer.write(bytes.fromhex(
  "0061736d01000000"                                     # magic, version
  "010401600000"                                         # type 0: [] -> []
  "03020100"                                             # function 0: type 0
  "0503010001"                                           # memory 0: min 1
  "07130206" "6d656d6f7279" "0200" "06" "5f7374617274" "0000" # exports memory, _start
  "0a0901070003400c000b0b"))' > "$work/spin.wasm"        # code: loop (br 0) end end
./wasmbox validate "$work/spin.wasm" >/dev/null

# CPU seconds (user + system) a process has used so far.
cpu_seconds() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f\n", ($14 + $15) / hz }' "/proc/$1/stat"; }

# Starts `wasmbox run` of the spinning guest, lets it spin, sends SIGINT, and checks the exit status
# and that the command ended within a few seconds.
interrupt_run() {
  local what="$1"; shift
  "$@" ./wasmbox run "$work/spin.wasm" &
  local run=$!
  sleep 2
  kill -INT "$run"
  local status=0 waited=0
  while kill -0 "$run" 2>/dev/null && ((waited < 50)); do sleep 0.1; waited=$((waited + 1)); done
  if kill -0 "$run" 2>/dev/null; then
    echo "interrupt: $what: wasmbox run still running 5 s after SIGINT" >&2
    kill -9 "$run"; exit 1
  fi
  wait "$run" || status=$?
  if ((status != 130)); then echo "interrupt: $what: exit status $status, expected 130" >&2; exit 1; fi
  echo "interrupt: $what: exit 130"
}

# A shared daemon: the guest must stop there too, not spin on until its deadline.
./wasmbox serve --socket "$work/d.sock" >"$work/daemon.log" 2>&1 &
daemon=$!
for _ in $(seq 100); do [[ -S "$work/d.sock" ]] && break; sleep 0.1; done
interrupt_run "shared daemon" env WASMBOX_SOCKET="$work/d.sock"
sleep 0.5
before=$(cpu_seconds "$daemon"); sleep 1; after=$(cpu_seconds "$daemon")
if awk -v b="$before" -v a="$after" 'BEGIN { exit !(a - b > 0.5) }'; then
  echo "interrupt: the shared daemon still burns CPU after the run ended ($before -> $after s)" >&2; exit 1
fi
WASMBOX_SOCKET="$work/d.sock" ./wasmbox info >/dev/null
echo "interrupt: the shared daemon stopped the guest and keeps serving"

# A private daemon (no daemon at the default socket): it must exit with the command.
mkdir -p "$work/runtime"
private_daemons() { pgrep -f "serve --private" | sort || true; }
private_daemons >"$work/before"
interrupt_run "private daemon" env -u WASMBOX_SOCKET XDG_RUNTIME_DIR="$work/runtime"
sleep 1
private_daemons >"$work/after"
if [[ -n "$(comm -13 "$work/before" "$work/after")" ]]; then
  echo "interrupt: a private daemon outlived its run" >&2; exit 1
fi
echo "interrupt: the private daemon exited with the run"
