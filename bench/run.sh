#!/usr/bin/env bash
# Runs the benchmark programs (shared/bench/wasm/*.wasm) under one or more named variants of Wasmbox
# and under Node's V8, rotating the order, checks every run's stdout against shared/bench/expected/,
# and prints each engine's best wall-clock (or CPU) seconds and the ratios. See bench/README.md for
# how to read the numbers.
set -euo pipefail
# Decimal points in EPOCHREALTIME and printf, whatever the caller's locale.
export LC_NUMERIC=C

# Named variants of the Wasmbox command: NAME -> what it adds to `wasmbox run`. Leading NAME=VALUE
# words are environment variables for that process, the remaining words arguments before the file.
# `--variants` picks which run; the first one picked is the baseline the others are compared with.
# A new variant is one line here.
declare -A variant_specs=(
  [wasmbox]=""
  [in-process]="--in-process"
  # The deadline check at loop headers turned off (a measurement switch, see docs/design.md), in
  # process: a daemon compiles with its own environment. Compare it with in-process.
  [no-loop-checks]="WASMBOX_LOOP_CHECKS=0 --in-process"
)

usage() {
  local known
  known="$(printf '%s\n' "${!variant_specs[@]}" | sort | paste -sd, -)"
  sed "s/VARIANTS\$/$known/" <<'EOF'
Usage: bench/run.sh [options] [PROGRAM...]

Runs each benchmark program (all of them, or those named) with `wasmbox run` (one or more named
variants of it) and with Node, rotating the order every round, and prints best seconds per engine,
the ratios, native seconds and the geometric mean of each ratio. Exit status: 0 when every run
printed the expected output, 1 when any did not (or an engine could not run a program), 2 for usage
errors.

Options:
  --repeat R             runs per engine per program (default 3); the table shows the best
  --programs a,b         only these programs (same as naming them as arguments)
  --variants a,b         the Wasmbox variants to run (default: wasmbox); the first is the baseline,
                         each other one gets a column baseline/variant. Known: VARIANTS
  --variant NAME=SPEC    define a variant here and run it after those of --variants: SPEC is
                         [VAR=VALUE...] [ARG...], e.g. --variant 'big-heap=DOTNET_GCgen0size=0x4000000'
  --no-node              do not run Node (only the Wasmbox variants are compared)
  --cpu                  compare CPU seconds (user + system) instead of wall-clock seconds: steadier
                         on a loaded machine, but blind to work done by other processes (a daemon)
  --wasmbox-args "..."   extra arguments for every `wasmbox run`, before the variant's and the file
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
variants=()
defined=()
with_node=true
clock=wall
while (($# > 0)); do
  case "$1" in
    -h | --help) usage; exit 0 ;;
    --repeat) (($# >= 2)) || usage_error "--repeat needs a number"; repeat="$2"; shift 2 ;;
    --timeout) (($# >= 2)) || usage_error "--timeout needs a number of seconds"; timeout_seconds="$2"; shift 2 ;;
    --json) (($# >= 2)) || usage_error "--json needs a file name"; json_file="$2"; shift 2 ;;
    --wasmbox-args) (($# >= 2)) || usage_error "--wasmbox-args needs a value"; read -ra wasmbox_args <<<"$2"; shift 2 ;;
    --variants) (($# >= 2)) || usage_error "--variants needs a list"; IFS=, read -ra listed <<<"$2"; variants+=("${listed[@]}"); shift 2 ;;
    --variant)
      (($# >= 2)) && [[ "$2" == *=* ]] || usage_error "--variant needs NAME=SPEC"
      variant_specs["${2%%=*}"]="${2#*=}"; defined+=("${2%%=*}"); shift 2 ;;
    --no-node) with_node=false; shift ;;
    --cpu) clock=cpu; shift ;;
    --programs) (($# >= 2)) || usage_error "--programs needs a list"; IFS=, read -ra listed <<<"$2"; programs+=("${listed[@]}"); shift 2 ;;
    -*) usage_error "unknown option '$1'" ;;
    *) programs+=("$1"); shift ;;
  esac
done
[[ "$repeat" =~ ^[1-9][0-9]*$ ]] || usage_error "--repeat must be a whole number, at least 1"
[[ "$timeout_seconds" =~ ^[1-9][0-9]*$ ]] || usage_error "--timeout must be a whole number of seconds, at least 1"
((${#variants[@]} > 0)) || variants=(wasmbox)
variants+=("${defined[@]}")
for name in "${variants[@]}"; do
  [[ -v "variant_specs[$name]" ]] || usage_error "no variant '$name' (there are: ${!variant_specs[*]})"
  [[ "$name" =~ ^[A-Za-z0-9_.-]+$ && "$name" != node ]] || usage_error "a variant's name is letters, digits, '.', '_' or '-', and not 'node'"
done
[[ "$(printf '%s\n' "${variants[@]}" | sort | uniq -d)" == "" ]] || usage_error "a variant is named twice"
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

# The command line of each variant, as `env [VAR=VALUE...] wasmbox run [args] [variant args]`: every
# variant goes through env, so none pays for one more exec than another.
declare -A variant_env variant_args
for name in "${variants[@]}"; do
  read -ra words <<<"${variant_specs[$name]}"
  environment=() arguments=()
  for word in "${words[@]}"; do
    if ((${#arguments[@]} == 0)) && [[ "$word" =~ ^[A-Za-z_][A-Za-z0-9_]*= ]]; then environment+=("$word"); else arguments+=("$word"); fi
  done
  variant_env[$name]="${environment[*]}"
  variant_args[$name]="${arguments[*]}"
done
engines=("${variants[@]}")
[[ "$with_node" == true ]] && engines+=(node)

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
runs="$work/runs.tsv"
: >"$runs"

# ./wasmbox rebuilds itself when the sources changed; do that now so no timed run includes a build.
# A failed build is not fatal here: every Wasmbox run then reports it and Node's side still runs.
"${wasmbox[@]}" --help >/dev/null 2>&1 || true

# Runs one engine on one program once, timing the whole process (start-up, compilation and the
# program itself), and appends "program, engine, wall-clock microseconds, outcome, detail, CPU
# microseconds" to $runs.
# Returns non-zero when the run failed, so the caller stops running that engine on that program.
run_once() {
  local program="$1" engine="$2"
  shift 2
  local out="$work/$engine.out" err="$work/$engine.err" status=0 start end user system
  # EPOCHREALTIME is seconds with six decimals; dropping the separator ('.' or ',' by locale) gives microseconds.
  start="${EPOCHREALTIME//[.,]/}"
  # `time` reports the CPU seconds of the process and everything it waited for (timeout waits for
  # the engine), on the group's stderr, which goes to a file of its own.
  local TIMEFORMAT='%3U %3S'
  { time timeout --kill-after=5 "$timeout_seconds" "$@" </dev/null >"$out" 2>"$err"; } 2>"$work/cpu" || status=$?
  end="${EPOCHREALTIME//[.,]/}"
  read -r user system <"$work/cpu"
  # Milliseconds with the point dropped (10#: "0.056" must not read as octal), then microseconds.
  local cpu=$(((10#${user//[.,]/} + 10#${system//[.,]/}) * 1000))

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
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$program" "$engine" "$((end - start))" "$outcome" "${detail//$'\t'/ }" "$cpu" >>"$runs"
  if [[ "$outcome" == ok ]]; then
    printf '  %-14s %.3f s (cpu %.3f s)\n' "$engine" "$((end - start))e-6" "${cpu}e-6" >&2
  else
    printf '  %-14s %s\n' "$engine" "$detail" >&2
  fi
  [[ "$outcome" == ok ]]
}

for program in "${programs[@]}"; do
  wasm="$programs_dir/wasm/$program.wasm"
  declare -A engine_ok=()
  for engine in "${engines[@]}"; do engine_ok[$engine]=true; done
  for ((round = 1; round <= repeat; round++)); do
    echo "$program, round $round of $repeat" >&2
    # Rotate which engine goes first, so none always gets the cooler (or hotter) machine.
    order=()
    for ((i = 0; i < ${#engines[@]}; i++)); do order+=("${engines[(i + round - 1) % ${#engines[@]}]}"); done
    for engine in "${order[@]}"; do
      [[ "${engine_ok[$engine]}" == true ]] || continue
      if [[ "$engine" == node ]]; then
        run_once "$program" node "${node[@]}" "$wasm" || engine_ok[$engine]=false
      else
        read -ra environment <<<"${variant_env[$engine]}"
        read -ra arguments <<<"${variant_args[$engine]}"
        run_once "$program" "$engine" env "${environment[@]}" "${wasmbox[@]}" run "${wasmbox_args[@]}" "${arguments[@]}" "$wasm" ||
          engine_ok[$engine]=false
      fi
    done
  done
  unset engine_ok
done

echo >&2
variant_info=()
for name in "${variants[@]}"; do variant_info+=("$name: ${variant_specs[$name]:-(as is)}"); done
summary=(python3 "$bench_dir/summarize.py" "$runs" --native "$programs_dir/native-seconds.tsv"
  --engines "$(IFS=,; echo "${engines[*]}")" --clock "$clock"
  --repeat "$repeat" --info "wasmboxArgs=${wasmbox_args[*]}" --info "variants=$(IFS=';'; echo "${variant_info[*]}")"
  --info "wasmboxCommit=$(git -C "$repo" describe --always --dirty 2>/dev/null || echo unknown)"
  --info "node=$(node --version 2>/dev/null || echo missing)" --info "host=$(uname -n), $(nproc) cpus")
[[ -n "$json_file" ]] && summary+=(--json "$json_file")
exec "${summary[@]}"
