#!/usr/bin/env bash
# Measures instance/invoke round trips through the daemon against a Unix-socket ping-pong of the same
# messages: starts a daemon on a private socket, runs bench/Wasmbox.Benchmarks.Daemon against it,
# prints the table and the targets, then stops the daemon. See bench/README.md.
set -euo pipefail

usage() {
  cat <<'EOF_USAGE'
Usage: bench/daemon.sh [--seconds S] [--warm-up S] [--json FILE] [--only TEXT]

Builds the daemon and the benchmark (Release), starts `wasmboxd` on a socket in a fresh temporary
folder, measures each round trip for S seconds (default 2) after a warm-up (default 1 s), prints
p50/p99 microseconds and calls per second per scenario and whether the targets hold, then stops the
daemon (SIGTERM). Exit status: 0 when it measured, 1 when something failed, 2 for usage errors.
--only TEXT measures only the rows whose description contains TEXT (e.g. "client, 16 in flight x 1").
The daemon's log goes to the temporary folder and is shown only if the daemon fails.
Environment: DAEMON_ENV="VAR=VALUE ..." adds variables to the daemon's environment (e.g.
DOTNET_PerfMapEnabled=1 to profile it with perf).
EOF_USAGE
}

bench_dir="$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")"
repo="$(dirname "$bench_dir")"
benchmark_args=()
while (($# > 0)); do
  case "$1" in
    -h | --help) usage; exit 0 ;;
    --seconds | --warm-up | --json | --only)
      (($# >= 2)) || { echo "bench/daemon.sh: $1 needs a value" >&2; exit 2; }
      benchmark_args+=("$1" "$2"); shift 2 ;;
    *) echo "bench/daemon.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done

echo "building (Release)..." >&2
for project in src/Daemon bench/Wasmbox.Benchmarks.Daemon; do
  dotnet build "$repo/$project" -c Release -nologo -v quiet -clp:NoSummary >/dev/null ||
    { echo "bench/daemon.sh: building $project failed; run: dotnet build $project -c Release" >&2; exit 1; }
done

work="$(mktemp -d)"
socket="$work/wasmbox.sock"
daemon_pid=""
stop_daemon() {
  if [[ -n "$daemon_pid" ]] && kill -0 "$daemon_pid" 2>/dev/null; then
    kill -TERM "$daemon_pid" 2>/dev/null || true
    wait "$daemon_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap stop_daemon EXIT

# As systemd runs it (systemd/wasmbox.service): workstation GC.
read -ra daemon_env <<<"${DAEMON_ENV:-}"
env DOTNET_gcServer=0 "${daemon_env[@]}" dotnet "$repo/artifacts/bin/Wasmbox.Daemon/release/wasmboxd.dll" --socket "$socket" >"$work/daemon.log" 2>&1 &
daemon_pid=$!
for _ in $(seq 100); do
  [[ -S "$socket" ]] && break
  kill -0 "$daemon_pid" 2>/dev/null || break
  sleep 0.1
done
if [[ ! -S "$socket" ]]; then
  echo "bench/daemon.sh: the daemon did not start listening; its log:" >&2
  cat "$work/daemon.log" >&2
  exit 1
fi

echo "daemon $daemon_pid on $socket; $(nproc) cpus, load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
dotnet "$repo/artifacts/bin/Wasmbox.Benchmarks.Daemon/release/Wasmbox.Benchmarks.Daemon.dll" --socket "$socket" "${benchmark_args[@]}"
