#!/usr/bin/env bash
# Runs every Wasmbox test: installs what is missing, builds, runs the command-line tool over the
# spec suite and the benchmark modules, then the xunit suites (which include one case per spec
# file). Ends with one line "N passed, M failed, K skipped" over all xunit cases.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

scripts/setup.sh
dotnet build Wasmbox.sln -c Release --no-restore --verbosity quiet -nologo

shared="${WASMBOX_SHARED_DIR:-$(cd .. && pwd)/shared}"
spectests="${WASMBOX_SPECTEST_DIR:-$shared/spectest/json}"

# Each step runs even when an earlier one failed, so one run reports everything.
status=0
echo "== spec suite through the CLI"
./wasmbox spectest "$spectests" || status=1
echo "== decode and validate the benchmark modules"
./wasmbox validate "$shared"/bench/wasm/*.wasm --stats --repeat 5 || status=1
echo "== compile the benchmark modules"
./wasmbox compile "$shared"/bench/wasm/*.wasm --stats --repeat 5 || status=1
# `./wasmbox run` goes through the sandbox daemon; WASMBOX_RUN_IN_PROCESS=1 checks the in-process path instead.
in_process="${WASMBOX_RUN_IN_PROCESS:-}"
where="through one daemon"; [[ -n "$in_process" ]] && where="in process"
echo "== run every benchmark program and check its output ($where)"
run_options=()
daemon_dir=$(mktemp -d)
daemon_pid=
if [[ -n "$in_process" ]]; then
  run_options=(--in-process)
else
  # One daemon for the step, found through WASMBOX_SOCKET (so no run falls back to a private one);
  # its default 30 s deadline is lifted per run, as a long benchmark on a loaded machine may need.
  ./wasmbox serve --socket "$daemon_dir/d.sock" >"$daemon_dir/log" 2>&1 &
  daemon_pid=$!
  for _ in $(seq 300); do [[ -S "$daemon_dir/d.sock" ]] && break; sleep 0.1; done
  run_options=(--deadline-ms 600000)
fi
for program in "$shared"/bench/wasm/*.wasm; do
  name=$(basename "$program" .wasm)
  expected="$shared/bench/expected/$name.out"
  [[ -f "$expected" ]] || continue
  if WASMBOX_SOCKET="$daemon_dir/d.sock" ./wasmbox run "${run_options[@]}" "$program" | cmp -s - "$expected"; then
    echo "$name: expected output"
  else
    echo "$name: WRONG OUTPUT"; status=1
  fi
done
if [[ -n "$daemon_pid" ]]; then
  kill "$daemon_pid"; wait "$daemon_pid" || { echo "the daemon failed:"; cat "$daemon_dir/log"; status=1; }
fi
rm -rf "$daemon_dir"

echo "== the WASI testsuite through ./wasmbox run (one daemon for the suite, or in process)"
python3 tests/wasi-testsuite/run.py ${in_process:+--in-process} || status=1
echo "== the README's main command with no daemon set up (a private daemon for the run)"
no_daemon=$(mktemp -d)
readme_output=$(env -u WASMBOX_SOCKET XDG_RUNTIME_DIR="$no_daemon" \
  ./wasmbox run --dir examples/read-file/data::/data examples/read-file/read-file.wasm /data/greeting.txt) || status=1
rm -rf "$no_daemon"
if grep -q "^-- /data/greeting.txt: 3 lines" <<<"$readme_output"; then echo "expected output"; else echo "WRONG OUTPUT: $readme_output"; status=1; fi

echo "== Ctrl+C during ./wasmbox run stops the guest (shared and private daemon)"
tests/cli/interrupt.sh || status=1

echo "== independent peers against ./wasmbox serve, socket-activated"
tests/peers/run.sh || status=1
echo "== install.sh into a temporary prefix: units verified, the installed daemon socket-activated"
tests/install/run.sh || status=1

echo "== xunit"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
dotnet test Wasmbox.sln -c Release --no-build --verbosity quiet -nologo 2>&1 | tee "$log" || status=1

# Sum the per-assembly summaries ("Passed!  - Failed: 0, Passed: 44, Skipped: 0, ...").
read -r failed passed skipped < <(awk -F'[:,]' '/(Passed|Failed)! +- Failed:/ {
    for (i = 1; i <= NF; i++) {
      if ($i ~ /Failed$/) f += $(i+1); if ($i ~ /Passed$/) p += $(i+1); if ($i ~ /Skipped$/) s += $(i+1)
    }
  } END { printf "%d %d %d\n", f, p, s }' "$log")
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
if ((status != 0 || failed > 0 || passed == 0)); then exit 1; fi
