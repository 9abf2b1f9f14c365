#!/usr/bin/env bash
# Times `./wasmbox run hello.wasm` end to end, in the three ways it can start: in this process
# (--in-process), through a daemon that is already running, and through a private daemon that the
# command starts for itself. Also times a client round trip to a running daemon (`wasmbox info`) and
# the daemon's own start until it listens. Prints one line per case with the median; see
# bench/README.md ("Start-up").
set -euo pipefail
export LC_ALL=C

usage() {
  cat <<'EOF'
Usage: bench/startup.sh [--runs N] [--warmup N] [--json FILE]

Cases: in-process, running daemon, private daemon, info against a running daemon, and the daemon's
start until its socket exists (median of 5). Uses hyperfine when installed (median wall time of N
runs and mean CPU time), else N runs timed here (median wall time). Exit status: 0, 1 when a
command failed, 2 for usage errors.

Options:
  --runs N      timed runs per case (default 20)
  --warmup N    untimed runs first (default 3)
  --json FILE   also write the medians (milliseconds) as one JSON object
  -h, --help    this text

Environment: SHARED or WASMBOX_SHARED_DIR (default ../shared beside the repository) finds
bench/wasm/hello.wasm; WASMBOX replaces the Wasmbox command (default: the repository's ./wasmbox).
EOF
}

runs=20
warmup=3
json=""
while (($# > 0)); do
  case "$1" in
    --runs) runs="${2:?--runs needs a number}"; shift 2 ;;
    --warmup) warmup="${2:?--warmup needs a number}"; shift 2 ;;
    --json) json="${2:?--json needs a file}"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "bench/startup.sh: unknown option $1" >&2; echo "Run 'bench/startup.sh --help' for usage." >&2; exit 2 ;;
  esac
done
[[ "$runs" =~ ^[1-9][0-9]*$ && "$warmup" =~ ^[0-9]+$ ]] || { echo "bench/startup.sh: --runs and --warmup take whole numbers" >&2; exit 2; }

repo="$(dirname "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")")"
shared="${SHARED:-${WASMBOX_SHARED_DIR:-$(dirname "$repo")/shared}}"
hello="$shared/bench/wasm/hello.wasm"
[[ -f "$hello" ]] || { echo "bench/startup.sh: $hello not found (set SHARED)" >&2; exit 2; }
wasmbox="${WASMBOX:-$repo/wasmbox}"

work="$(mktemp -d)"
daemon_pid=""
cleanup() {
  if [[ -n "$daemon_pid" ]]; then kill "$daemon_pid" 2>/dev/null || true; wait "$daemon_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# Publishes the tool if the sources changed, so no timed run includes a build.
echo "startup: preparing $wasmbox" >&2
$wasmbox --version >/dev/null

# The CLI that runs through the daemon by default knows --in-process; one that only runs in
# process does not, and then the daemon cases are the same command as the in-process one.
if $wasmbox run --in-process "$hello" >/dev/null 2>"$work/probe.err"; then
  in_process=(run --in-process "$hello")
  through_daemon=1
elif grep -q -- "--in-process" "$work/probe.err"; then
  in_process=(run "$hello")
  through_daemon=0
  echo "startup: this wasmbox has no 'run --in-process' (runs in process only); the daemon cases are skipped" >&2
else
  echo "bench/startup.sh: $wasmbox run --in-process $hello failed:" >&2
  cat "$work/probe.err" >&2
  exit 1
fi

# Median milliseconds of "$@" (run with the current environment), printed on stdout.
measure() {
  if command -v hyperfine >/dev/null; then
    hyperfine -N --style none --warmup "$warmup" --runs "$runs" --export-json "$work/h.json" \
      --command-name case "$(printf '%q ' "$@")" >/dev/null 2>"$work/h.err" || { cat "$work/h.err" >&2; return 1; }
    # The median wall time, then the mean CPU time (user + system), which a busy machine disturbs less.
    python3 -c 'import json,sys; r = json.load(open(sys.argv[1]))["results"][0]; print("%.1f %.1f" % (r["median"] * 1000, (r["user"] + r["system"]) * 1000))' "$work/h.json"
  else
    local i start end times=()
    for ((i = 0; i < warmup; i++)); do "$@" >/dev/null; done
    for ((i = 0; i < runs; i++)); do
      start=$EPOCHREALTIME; "$@" >/dev/null; end=$EPOCHREALTIME
      times+=("$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.1f", (e - s) * 1000 }')")
    done
    median "${times[@]}"
    echo " -"
  fi
}

median() {
  printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { printf "%.1f", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

declare -A result
# report NAME "WALL [CPU]": one table line; the JSON keeps the wall time.
report() {
  local wall cpu
  read -r wall cpu <<<"$2"
  result["$1"]="$wall"
  printf '%-38s %9s %9s\n' "$1" "$wall" "${cpu:--}"
}

printf '%-38s %9s %9s\n' "case" "wall ms" "cpu ms"

report "run, in process" "$(measure "$wasmbox" "${in_process[@]}")"

# A daemon of our own, on a socket nobody else uses: started until it listens (the socket exists
# once it is bound and listening), a few times, and the last one kept for the cases below.
socket="$work/d.sock"
start_daemon() {
  rm -f "$socket"
  $wasmbox serve --socket "$socket" >"$work/daemon.log" 2>&1 &
  daemon_pid=$!
  for ((i = 0; i < 3000; i++)); do [[ -S "$socket" ]] && return 0; sleep 0.005; done
  echo "bench/startup.sh: the daemon did not start:" >&2
  cat "$work/daemon.log" >&2
  exit 1
}
stop_daemon() { kill "$daemon_pid"; wait "$daemon_pid" 2>/dev/null || true; daemon_pid=""; }
# The CPU the daemon used until then, from /proc (user + system clock ticks, 10 ms each).
daemon_cpu() {
  local ticks="$(awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$daemon_pid/stat" 2>/dev/null)"
  awk -v t="${ticks:-0}" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.1f", t * 1000 / hz }'
}
starts=()
cpus=()
for ((round = 0; round < 5; round++)); do
  ((round == 0)) || stop_daemon
  start=$EPOCHREALTIME
  start_daemon
  end=$EPOCHREALTIME
  cpus+=("$(daemon_cpu)")
  starts+=("$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.1f", (e - s) * 1000 }')")
done
report "daemon start until it listens" "$(median "${starts[@]}") $(median "${cpus[@]}")"

export WASMBOX_SOCKET="$socket"
report "info, running daemon" "$(measure "$wasmbox" info)"
if ((through_daemon)); then
  report "run, running daemon" "$(measure "$wasmbox" run "$hello")"
fi
stop_daemon

if ((through_daemon)); then
  # No WASMBOX_SOCKET (a socket named there is used or fails, never replaced) and a default socket
  # nothing listens at, so each run tries the shared daemon, then starts (and ends) a private one.
  unset WASMBOX_SOCKET
  mkdir -p "$work/runtime"
  export XDG_RUNTIME_DIR="$work/runtime"
  report "run, private daemon" "$(measure "$wasmbox" run "$hello")"
fi

if [[ -n "$json" ]]; then
  {
    printf '{'
    sep=""
    for name in "${!result[@]}"; do printf '%s"%s": %s' "$sep" "$name" "${result[$name]}"; sep=", "; done
    printf '}\n'
  } >"$json"
fi
