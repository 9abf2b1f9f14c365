#!/usr/bin/env bash
# Installs Wasmbox into a temporary prefix with install.sh and checks the result as a service would
# use it: the filled-in systemd units pass `systemd-analyze verify`, and the installed wasmboxd,
# started by socket activation with the unit's environment only (env -i, DOTNET_ROOT from the unit),
# serves the installed wasmbox: info, and the example program with a preopen under an allowed root.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

prefix="$(mktemp -d /tmp/wasmbox-install-XXXXXX)"
daemon=""
cleanup() {
  if [[ -n "$daemon" ]]; then kill "$daemon" 2>/dev/null || true; wait "$daemon" 2>/dev/null || true; fi
  rm -rf "$prefix"
}
trap cleanup EXIT

./install.sh --prefix "$prefix" --no-systemd >/dev/null
units="$prefix/lib/systemd/system"
systemd-analyze verify "$units/wasmbox.socket" "$units/wasmbox.service"
echo "install: units verify"

dotnet_root="$(sed -n 's/^Environment=DOTNET_ROOT=//p' "$units/wasmbox.service")"
socket="$prefix/wasmbox.sock"
data="$(readlink -f examples/read-file/data)"
# Only what systemd would pass: the socket (LISTEN_*, kept across the execs: same pid) and the unit's
# environment.
systemd-socket-activate -l "$socket" -- sh -c 'exec env -i LISTEN_FDS="$LISTEN_FDS" LISTEN_PID="$LISTEN_PID" \
  LISTEN_FDNAMES="$LISTEN_FDNAMES" "$@"' sh "DOTNET_ROOT=$dotnet_root" "Daemon__AllowedPreopenRoots__0=$data" \
  "$prefix/bin/wasmboxd" >"$prefix/daemon.log" 2>&1 &
daemon=$!
for _ in $(seq 100); do [[ -S "$socket" ]] && break; sleep 0.1; done

export WASMBOX_SOCKET="$socket"
timeout 60 "$prefix/bin/wasmbox" info | grep -q '^protocol:'
echo "install: the installed wasmboxd answers the installed wasmbox"
# The same program in process is the reference: the daemon must change nothing it prints.
run=(--dir "$data::/data" examples/read-file/read-file.wasm /data/greeting.txt)
expected="$("$prefix/bin/wasmbox" run --in-process "${run[@]}")"
actual="$(timeout 60 "$prefix/bin/wasmbox" run "${run[@]}")"
grep -q "Hello from a file the host chose to share" <<<"$expected"
if [[ "$actual" != "$expected" ]]; then
  echo "install: the example printed '$actual', expected '$expected'" >&2
  cat "$prefix/daemon.log" >&2
  exit 1
fi
echo "install: the example runs in the installed daemon"
