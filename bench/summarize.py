#!/usr/bin/env python3
"""Turns the runs bench/run.sh recorded into the results table (and, with --json, a JSON file).

Input: a TSV with one line per run: program, engine (wasmbox|node), wall-clock microseconds, outcome
(ok|failed) and what went wrong. Exit status: 0 when every run was ok, 1 otherwise.
"""
import argparse
import json
import math
import sys
from dataclasses import dataclass, field

ENGINES = ("wasmbox", "node")


@dataclass
class EngineResult:
    seconds: list = field(default_factory=list)
    error: str | None = None

    @property
    def best(self):
        """The fastest run: noise only ever adds time, so the minimum is the closest to the true cost."""
        return min(self.seconds) if self.seconds and self.error is None else None


def read_runs(path):
    """{program: {engine: EngineResult}}, programs in the order they ran."""
    results = {}
    with open(path, encoding="utf-8") as runs:
        for line in runs:
            program, engine, microseconds, outcome, detail = line.rstrip("\n").split("\t")
            result = results.setdefault(program, {e: EngineResult() for e in ENGINES})[engine]
            if outcome == "ok":
                result.seconds.append(int(microseconds) / 1e6)
            elif result.error is None:
                result.error = detail
    return results


def read_native_seconds(path):
    """native-seconds.tsv despite its name holds milliseconds (fib 913 for a program of about a second)."""
    native = {}
    try:
        with open(path, encoding="utf-8") as tsv:
            for line in tsv:
                if line.strip():
                    name, milliseconds = line.split("\t")
                    native[name] = float(milliseconds) / 1e3
    except FileNotFoundError:
        pass
    return native


def ratio(engines):
    wasmbox, node = engines["wasmbox"].best, engines["node"].best
    return wasmbox / node if wasmbox is not None and node else None


def geometric_mean(values):
    return math.exp(sum(math.log(v) for v in values) / len(values)) if values else None


def print_table(results, native, out):
    def number(value, decimals):
        return "-" if value is None else f"{value:.{decimals}f}"

    width = max([len("program")] + [len(p) for p in results])
    out.write(f"{'program':<{width}}  {'wasmbox s':>10}  {'node s':>10}  {'ratio':>7}  {'native s':>10}\n")
    for program, engines in results.items():
        notes = "; ".join(f"{e}: {engines[e].error}" for e in ENGINES if engines[e].error)
        row = (f"{program:<{width}}  {number(engines['wasmbox'].best, 3):>10}  {number(engines['node'].best, 3):>10}"
               f"  {number(ratio(engines), 2):>7}  {number(native.get(program), 3):>10}")
        out.write(row + (f"  {notes}" if notes else "") + "\n")

    ratios = [r for r in map(ratio, results.values()) if r is not None]
    if ratios:
        out.write(f"\ngeometric mean of wasmbox/node over {len(ratios)} of {len(results)} programs: "
                  f"{geometric_mean(ratios):.2f}\n")
    else:
        out.write("\nno program ran correctly on both engines, so there is no ratio to average\n")


def write_json(path, results, native, repeat, info):
    ratios = [r for r in map(ratio, results.values()) if r is not None]
    document = {
        "repeat": repeat,
        **info,
        "programs": [
            {
                "name": program,
                **{engine: {"seconds": result.seconds, "best": result.best, "error": result.error}
                   for engine, result in engines.items()},
                "ratio": ratio(engines),
                "nativeSeconds": native.get(program),
            }
            for program, engines in results.items()
        ],
        "programsCompared": len(ratios),
        "geometricMeanRatio": geometric_mean(ratios),
    }
    with open(path, "w", encoding="utf-8") as out:
        json.dump(document, out, indent=2)
        out.write("\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("runs", help="the runs TSV written by bench/run.sh")
    parser.add_argument("--native", required=True, help="native-seconds.tsv")
    parser.add_argument("--repeat", type=int, required=True, help="runs per engine per program that were asked for")
    parser.add_argument("--info", action="append", default=[], metavar="KEY=VALUE",
                        help="a fact about the run (commit, versions, host) to record in the JSON file")
    parser.add_argument("--json", help="also write the results here")
    args = parser.parse_args()

    results = read_runs(args.runs)
    native = read_native_seconds(args.native)
    print_table(results, native, sys.stdout)
    if args.json:
        info = dict(item.split("=", 1) for item in args.info)
        write_json(args.json, results, native, args.repeat, info)
    failed = any(result.error for engines in results.values() for result in engines.values())
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
