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
echo "== run every benchmark program and check its output"
for program in "$shared"/bench/wasm/*.wasm; do
  name=$(basename "$program" .wasm)
  expected="$shared/bench/expected/$name.out"
  [[ -f "$expected" ]] || continue
  if ./wasmbox run "$program" | cmp -s - "$expected"; then echo "$name: expected output"; else echo "$name: WRONG OUTPUT"; status=1; fi
done

echo "== the WASI testsuite through ./wasmbox run"
python3 tests/wasi-testsuite/run.py || status=1

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
