#!/usr/bin/env bash
# Runs the clients written in other languages (tests/peers/*/) against the daemon as it ships:
# `./wasmbox serve`, started by systemd-socket-activate the way wasmbox.socket starts it (the
# listening socket as fd 3, LISTEN_FDS). Then stops it with SIGTERM as systemd would and checks that
# it exits 0 and never made a socket of its own. Exit status 0 when everything passed.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
python=/usr/bin/python3 # Debian's python3-pylsp-jsonrpc is installed for this interpreter only

for program in systemd-socket-activate "$python"; do
  command -v "$program" >/dev/null || { echo "peers: $program is missing (scripts/setup.sh installs it)" >&2; exit 1; }
done

# ./wasmbox builds the tool when the sources changed; do that now, not while a client waits for it.
# No MSBuild node may outlive that build: it would inherit ./wasmbox's build lock and hold it.
MSBUILDDISABLENODEREUSE=1 "$root/wasmbox" --help >/dev/null

folder="$(mktemp -d)"
daemon=""
cleanup() {
  if [[ -n "$daemon" ]]; then kill -KILL "$daemon" 2>/dev/null || true; fi
  rm -rf "$folder"
}
trap cleanup EXIT

socket="$folder/wasmbox.sock"
unused="$folder/own.sock" # where the daemon would listen if it ignored the socket it was given
systemd-socket-activate --listen "$socket" --fdname=wasmbox "$root/wasmbox" serve --socket "$unused" >"$folder/daemon.log" 2>&1 &
daemon=$!
for _ in $(seq 200); do [[ -S "$socket" ]] && break; sleep 0.05; done

status=0
echo "python (pylsp_jsonrpc):"
"$python" "$root/tests/peers/python/peer.py" "$socket" | sed 's/^/  /' || status=1

kill -TERM "$daemon"
exit_code=0
wait "$daemon" || exit_code=$?
daemon=""
if ((exit_code != 0)); then echo "peers: the daemon exited with $exit_code after SIGTERM" >&2; status=1; fi
if [[ -e "$unused" ]]; then echo "peers: the daemon made its own socket instead of using systemd's" >&2; status=1; fi
if ((status != 0)); then echo "peers: the daemon's log:" >&2; sed 's/^/  /' "$folder/daemon.log" >&2; fi
exit "$status"
