#!/usr/bin/env python3
"""Turns the runs bench/run.sh recorded into the results table (and, with --json, a JSON file).

Input: a TSV with one line per run: program, engine (a Wasmbox variant's name, or node), wall-clock
microseconds, outcome (ok|failed), what went wrong, and CPU microseconds (user + system). --engines names the engines in column order:
the Wasmbox variants first (the first is the baseline), then node if it ran. Ratios: the baseline
over node, and the baseline over each other variant. Exit status: 0 when every run was ok, 1 otherwise.
"""
import argparse
import json
import math
import sys
from dataclasses import dataclass, field

NODE = "node"


@dataclass
class EngineResult:
    seconds: list = field(default_factory=list)
    error: str | None = None

    @property
    def best(self):
        """The fastest run: noise only ever adds time, so the minimum is the closest to the true cost."""
        return min(self.seconds) if self.seconds and self.error is None else None


def read_runs(path, engines, clock):
    """{program: {engine: EngineResult}}, programs in the order they ran; seconds by the chosen clock."""
    results = {}
    with open(path, encoding="utf-8") as runs:
        for line in runs:
            program, engine, wall, outcome, detail, cpu = line.rstrip("\n").split("\t")
            result = results.setdefault(program, {e: EngineResult() for e in engines})[engine]
            if outcome == "ok":
                result.seconds.append(int(cpu if clock == "cpu" else wall) / 1e6)
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


def comparisons(engines):
    """The (numerator, denominator) pairs to report: baseline/node, then baseline/each other variant."""
    variants = [e for e in engines if e != NODE]
    baseline = variants[0]
    pairs = [(baseline, NODE)] if NODE in engines else []
    return pairs + [(baseline, v) for v in variants[1:]]


def ratio(engines, pair):
    top, bottom = engines[pair[0]].best, engines[pair[1]].best
    return top / bottom if top is not None and bottom else None


def geometric_mean(values):
    return math.exp(sum(math.log(v) for v in values) / len(values)) if values else None


def print_table(results, engines, native, clock, out):
    def number(value, decimals):
        return "-" if value is None else f"{value:.{decimals}f}"

    pairs = comparisons(engines)
    names = [f"{a}/{b}" for a, b in pairs]
    width = max([len("program")] + [len(p) for p in results])
    columns = [f"{e} {'cpu ' if clock == 'cpu' else ''}s" for e in engines]
    header = f"{'program':<{width}}" + "".join(f"  {c:>10}" for c in columns)
    header += "".join(f"  {n:>{max(7, len(n))}}" for n in names) + f"  {'native s':>10}"
    out.write(header + "\n")
    for program, by_engine in results.items():
        notes = "; ".join(f"{e}: {by_engine[e].error}" for e in engines if by_engine[e].error)
        row = f"{program:<{width}}" + "".join(f"  {number(by_engine[e].best, 3):>{max(10, len(c))}}" for e, c in zip(engines, columns))
        row += "".join(f"  {number(ratio(by_engine, p), 3 if p[1] != NODE else 2):>{max(7, len(n))}}" for p, n in zip(pairs, names))
        row += f"  {number(native.get(program), 3):>10}"
        out.write(row + (f"  {notes}" if notes else "") + "\n")

    out.write("\n")
    if not pairs:
        return
    for pair, name in zip(pairs, names):
        ratios = [r for r in (ratio(e, pair) for e in results.values()) if r is not None]
        if ratios:
            decimals = 2 if pair[1] == NODE else 3
            out.write(f"geometric mean of {name} over {len(ratios)} of {len(results)} programs: "
                      f"{geometric_mean(ratios):.{decimals}f}\n")
        else:
            out.write(f"no program ran correctly under both {pair[0]} and {pair[1]}, so there is no {name} to average\n")


def write_json(path, results, engines, native, repeat, clock, info):
    pairs = comparisons(engines)
    names = [f"{a}/{b}" for a, b in pairs]
    means = {}
    for pair, name in zip(pairs, names):
        ratios = [r for r in (ratio(e, pair) for e in results.values()) if r is not None]
        means[name] = {"programsCompared": len(ratios), "geometricMean": geometric_mean(ratios)}
    node_pair = pairs[0] if pairs and pairs[0][1] == NODE else None
    document = {
        "repeat": repeat,
        "clock": clock,
        **info,
        "engines": engines,
        "programs": [
            {
                "name": program,
                **{engine: {"seconds": result.seconds, "best": result.best, "error": result.error}
                   for engine, result in by_engine.items()},
                # "ratio" is the baseline over node, as before variants existed.
                "ratio": ratio(by_engine, node_pair) if node_pair else None,
                "ratios": {name: ratio(by_engine, pair) for pair, name in zip(pairs, names)},
                "nativeSeconds": native.get(program),
            }
            for program, by_engine in results.items()
        ],
        "programsCompared": means[names[0]]["programsCompared"] if node_pair else 0,
        "geometricMeanRatio": means[names[0]]["geometricMean"] if node_pair else None,
        "geometricMeans": means,
    }
    with open(path, "w", encoding="utf-8") as out:
        json.dump(document, out, indent=2)
        out.write("\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("runs", help="the runs TSV written by bench/run.sh")
    parser.add_argument("--native", required=True, help="native-seconds.tsv")
    parser.add_argument("--engines", default=f"wasmbox,{NODE}",
                        help="the engines in column order, Wasmbox variants first (default: wasmbox,node)")
    parser.add_argument("--clock", choices=("wall", "cpu"), default="wall",
                        help="compare wall-clock seconds (default) or CPU seconds (user + system)")
    parser.add_argument("--repeat", type=int, required=True, help="runs per engine per program that were asked for")
    parser.add_argument("--info", action="append", default=[], metavar="KEY=VALUE",
                        help="a fact about the run (commit, versions, host) to record in the JSON file")
    parser.add_argument("--json", help="also write the results here")
    args = parser.parse_args()

    engines = args.engines.split(",")
    if not [e for e in engines if e != NODE]:
        parser.error("--engines needs at least one Wasmbox variant")
    results = read_runs(args.runs, engines, args.clock)
    native = read_native_seconds(args.native)
    print_table(results, engines, native, args.clock, sys.stdout)
    if args.json:
        info = dict(item.split("=", 1) for item in args.info)
        write_json(args.json, results, engines, native, args.repeat, args.clock, info)
    failed = any(result.error for by_engine in results.values() for result in by_engine.values())
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
