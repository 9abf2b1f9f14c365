#!/usr/bin/env bash
# Runs the benchmark programs (shared/bench/wasm/*.wasm) under Wasmbox and under Node's V8, alternating
# the two, checks every run's stdout against shared/bench/expected/, and prints each engine's best
# wall-clock seconds and the Wasmbox/Node ratio. See bench/README.md for how to read the numbers.
set -euo pipefail
# Decimal points in EPOCHREALTIME and printf, whatever the caller's locale.
export LC_NUMERIC=C

usage() {
  cat <<'EOF'
Usage: bench/run.sh [options] [PROGRAM...]

Runs each benchmark program (all of them, or those named) with `wasmbox run` and with Node,
alternating, and prints best seconds per engine, the Wasmbox/Node ratio, native seconds and the
geometric mean of the ratios. Exit status: 0 when every run printed the expected output, 1 when any
did not (or an engine could not run a program), 2 for usage errors.

Options:
  --repeat R             runs per engine per program (default 3); the table shows the best
  --programs a,b         only these programs (same as naming them as arguments)
  --wasmbox-args "..."   extra arguments for `wasmbox run`, before the file (e.g. "--in-process")
  --json FILE            also write every run's time and the summary to FILE
  --timeout S            give up on a run after S seconds (default 120)
  -h, --help             this text

Environment: SHARED or WASMBOX_SHARED_DIR (default: ../shared beside the repository) finds the
programs; WASMBOX overrides the Wasmbox command (default: the repository's ./wasmbox).
EOF
}

usage_error() {
  echo "bench/run.sh: $1" >&2
  echo "Run 'bench/run.sh --help' for usage." >&2
  exit 2
}

bench_dir="$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")"
repo="$(dirname "$bench_dir")"
shared="${SHARED:-${WASMBOX_SHARED_DIR:-$(dirname "$repo")/shared}}"
programs_dir="$shared/bench"

repeat=3
timeout_seconds=120
json_file=""
wasmbox_args=()
programs=()
while (($# > 0)); do
  case "$1" in
    -h | --help) usage; exit 0 ;;
    --repeat) (($# >= 2)) || usage_error "--repeat needs a number"; repeat="$2"; shift 2 ;;
    --timeout) (($# >= 2)) || usage_error "--timeout needs a number of seconds"; timeout_seconds="$2"; shift 2 ;;
    --json) (($# >= 2)) || usage_error "--json needs a file name"; json_file="$2"; shift 2 ;;
    --wasmbox-args) (($# >= 2)) || usage_error "--wasmbox-args needs a value"; read -ra wasmbox_args <<<"$2"; shift 2 ;;
    --programs) (($# >= 2)) || usage_error "--programs needs a list"; IFS=, read -ra listed <<<"$2"; programs+=("${listed[@]}"); shift 2 ;;
    -*) usage_error "unknown option '$1'" ;;
    *) programs+=("$1"); shift ;;
  esac
done
[[ "$repeat" =~ ^[1-9][0-9]*$ ]] || usage_error "--repeat must be a whole number, at least 1"
[[ "$timeout_seconds" =~ ^[1-9][0-9]*$ ]] || usage_error "--timeout must be a whole number of seconds, at least 1"
[[ -d "$programs_dir/wasm" && -d "$programs_dir/expected" ]] ||
  usage_error "no benchmark programs in $programs_dir (set SHARED or WASMBOX_SHARED_DIR)"
command -v python3 >/dev/null || { echo "bench/run.sh: python3 is needed for the summary" >&2; exit 2; }

# A program is one with both a module and an expected output (go-hello.wasm, for one, has no expected output).
available=()
for expected in "$programs_dir"/expected/*.out; do
  name="$(basename "$expected" .out)"
  [[ -f "$programs_dir/wasm/$name.wasm" ]] && available+=("$name")
done
if ((${#programs[@]} == 0)); then
  programs=("${available[@]}")
else
  for name in "${programs[@]}"; do
    [[ " ${available[*]} " == *" $name "* ]] || usage_error "no program '$name' (there are: ${available[*]})"
  done
fi

read -ra wasmbox <<<"${WASMBOX:-$repo/wasmbox}"
node=(node --no-warnings "$programs_dir/run-wasi.mjs")

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
runs="$work/runs.tsv"
: >"$runs"

# ./wasmbox rebuilds itself when the sources changed; do that now so no timed run includes a build.
# A failed build is not fatal here: every Wasmbox run then reports it and Node's side still runs.
"${wasmbox[@]}" --help >/dev/null 2>&1 || true

# Runs one engine on one program once, timing the whole process (start-up, compilation and the
# program itself), and appends "program, engine, microseconds, outcome, detail" to $runs.
# Returns non-zero when the run failed, so the caller stops running that engine on that program.
run_once() {
  local program="$1" engine="$2"
  shift 2
  local out="$work/$engine.out" err="$work/$engine.err" status=0 start end
  # EPOCHREALTIME is seconds with six decimals; dropping the separator ('.' or ',' by locale) gives microseconds.
  start="${EPOCHREALTIME//[.,]/}"
  timeout --kill-after=5 "$timeout_seconds" "$@" </dev/null >"$out" 2>"$err" || status=$?
  end="${EPOCHREALTIME//[.,]/}"

  local outcome=ok detail=""
  # 124: timeout stopped it; 137: it had to kill it, the program having ignored the polite signal.
  if ((status == 124 || status == 137)); then
    outcome=failed detail="timed out after $timeout_seconds s"
  elif ((status != 0)); then
    local first_line
    first_line="$(grep -m1 -v '^[[:space:]]*$' "$err" || true)"
    outcome=failed detail="cannot run (exit status $status${first_line:+: $first_line})"
  elif ! cmp -s "$out" "$programs_dir/expected/$program.out"; then
    local line
    line="$(cmp "$out" "$programs_dir/expected/$program.out" 2>&1 | grep -o 'line [0-9]*' | head -1 || true)"
    outcome=failed detail="wrong output (differs from expected/$program.out${line:+ at $line})"
  fi
  printf '%s\t%s\t%s\t%s\t%s\n' "$program" "$engine" "$((end - start))" "$outcome" "${detail//$'\t'/ }" >>"$runs"
  if [[ "$outcome" == ok ]]; then
    printf '  %-8s %.3f s\n' "$engine" "$((end - start))e-6" >&2
  else
    printf '  %-8s %s\n' "$engine" "$detail" >&2
  fi
  [[ "$outcome" == ok ]]
}

for program in "${programs[@]}"; do
  wasm="$programs_dir/wasm/$program.wasm"
  wasmbox_ok=true node_ok=true
  for ((round = 1; round <= repeat; round++)); do
    echo "$program, round $round of $repeat" >&2
    # Alternate which engine goes first, so neither always gets the cooler (or hotter) machine.
    if ((round % 2 == 1)); then order=(wasmbox node); else order=(node wasmbox); fi
    for engine in "${order[@]}"; do
      if [[ "$engine" == wasmbox && "$wasmbox_ok" == true ]]; then
        run_once "$program" wasmbox "${wasmbox[@]}" run "${wasmbox_args[@]}" "$wasm" || wasmbox_ok=false
      elif [[ "$engine" == node && "$node_ok" == true ]]; then
        run_once "$program" node "${node[@]}" "$wasm" || node_ok=false
      fi
    done
  done
done

echo >&2
summary=(python3 "$bench_dir/summarize.py" "$runs" --native "$programs_dir/native-seconds.tsv"
  --repeat "$repeat" --info "wasmboxArgs=${wasmbox_args[*]}"
  --info "wasmboxCommit=$(git -C "$repo" describe --always --dirty 2>/dev/null || echo unknown)"
  --info "node=$(node --version 2>/dev/null || echo missing)" --info "host=$(uname -n), $(nproc) cpus")
[[ -n "$json_file" ]] && summary+=(--json "$json_file")
exec "${summary[@]}"
