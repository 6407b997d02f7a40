# shellcheck shell=bash
# scripts/lib/bench-report.sh — sourced by scripts/bench (never executed).
#
# bench_report DIR: reads DIR/results.jsonl (one JSON line per scenario run, from capstan-bench)
# and DIR/machine.json, and writes DIR/summary.json and DIR/summary.md: every figure as
# min / median / max over the runs, with the target of issue #7 beside it and misses marked.
# The targets live here, next to the table, and nowhere in the load generator; so do the labels of
# the informational rows (the state scenario's floor: "floor: …", no target).

bench_report() {
  python3 - "$1" <<'PY'
import json, statistics, sys, os
from collections import defaultdict

out = sys.argv[1]
runs = [json.loads(l) for l in open(os.path.join(out, "results.jsonl")) if l.strip().startswith("{")]
machine = json.load(open(os.path.join(out, "machine.json")))

# (scenario, metric) -> (comparison, bound, label). "le": figure <= bound; "ge": figure >= bound;
# "lt": figure < bound; "eq": figure == bound. Bounds naming a parameter are read from the run's params.
TARGETS = {
    ("state", "p50_ms"): ("le", 2, "≤ 2 ms"),
    ("state", "p99_ms"): ("le", 10, "≤ 10 ms"),
    ("state", "missed_count"): ("eq", 0, "none missed"),
    ("state", "clients_accepted_count"): ("ge", "clients", "all accepted"),
    ("logs", "slowest_over_direct_ratio"): ("lt", 3, "< 3× direct reader"),
    ("logs", "upstream_log_streams_count"): ("eq", 1, "exactly 1"),
    ("logs", "server_cpu_per_line_us"): ("le", 1, "≤ 1 µs"),
    ("logs", "out_of_order_count"): ("eq", 0, "0"),
    ("logs", "duplicates_count"): ("eq", 0, "0"),
    ("logs", "viewers_complete_count"): ("ge", "viewers", "every viewer"),
    ("connections", "clients_accepted_count"): ("ge", "clients", "all accepted"),
    ("connections", "server_rss_mb"): ("le", 200, "≤ 200 MB"),
    ("connections", "server_idle_cpu_pct"): ("le", 1, "≤ 1 % of a core"),
    ("connections", "engine_requests_per_min"): ("eq", 0, "0 / min"),
    ("stats", "min_rate_per_s"): ("ge", 0.9, "1 / s to every client"),
    ("stats", "pairs_below_0_9_per_s_count"): ("eq", 0, "0"),
    ("stats", "pairs_short_of_engine_count"): ("eq", 0, "every engine sample to every client"),
    ("stats", "upstream_stats_streams_max_per_container"): ("eq", 1, "1 per container"),
    ("footprint", "ready_ms"): ("le", 300, "≤ 300 ms"),
    ("footprint", "idle_rss_mb"): ("le", 40, "≤ 40 MB"),
}

# Informational rows with no target, shown right after a scenario's targeted figures under a label of
# their own: the state scenario's floor (a bare SwiftNIO fan-out server measured with the same
# clients in the same repeat, see scripts/bench) and Capstan's figures over it; and the engine's own
# share of the state latency (its event's timeNano to a direct reader of its event stream).
LABELS = {
    ("state", "engine_event_p50_ms"): "engine: event timeNano -> a direct reader of its stream, p50 (ms)",
    ("state", "engine_event_p99_ms"): "engine: the same, p99 (ms)",
    ("state", "first_client_p50_ms"): "split: timeNano -> the first client, median over phases (ms)",
    ("state", "spread_p50_ms"): "split: first client -> median client, median over phases (ms)",
    ("state", "floor_p50_ms"): "floor: p50 (ms), bare NIO fan-out",
    ("state", "floor_first_client_p50_ms"): "floor: stamp -> the first client, median over fan-outs (ms)",
    ("state", "floor_spread_p50_ms"): "floor: first client -> median client, median over fan-outs (ms)",
    ("state", "p50_over_floor_ratio"): "floor: p50 / floor p50",
    ("state", "floor_p99_ms"): "floor: p99 (ms)",
    ("state", "p99_over_floor_ratio"): "floor: p99 / floor p99",
    ("state", "floor_p90_ms"): "floor: p90 (ms)",
    ("state", "floor_max_ms"): "floor: max (ms)",
    ("state", "floor_missed_count"): "floor: missed",
    ("state", "floor_clients_accepted_count"): "floor: clients accepted",
    ("state", "floor_server_cpu_s"): "floor: fan-out server CPU (s)",
    ("state", "floor_loadgen_cpu_pct"): "floor: load generator CPU (%)",
    ("state", "loadgen_burst_cpu_pct"): "load generator CPU while the clients receive (% of its thread; saturated at 90)",
    ("state", "floor_loadgen_burst_cpu_pct"): "floor: the same (%)",
    ("state", "kernel_p50_ms"): "kernel floor: p50 (ms), raw loopback TCP, no engine, best writer count",
    ("state", "kernel_p99_ms"): "kernel floor: p99 (ms)",
    ("state", "kernel_first_client_p50_ms"): "kernel floor: stamp -> the first client, median over fan-outs (ms)",
    ("state", "kernel_spread_p50_ms"): "kernel floor: first client -> median client, median over fan-outs (ms)",
    ("state", "kernel_write_us"): "kernel floor: CPU per write (µs)",
    ("state", "kernel_read_us"): "kernel floor: CPU per read (µs)",
    ("state", "kernel_cpu_bound_p50_ms"): "kernel floor: p50 bound, max((N/2)·(write + read) / cores, (N/2)·read) (ms)",
    ("state", "p50_over_kernel_ratio"): "kernel floor: p50 / kernel p50",
}

def meets(cmp, bound, value):
    if value is None or value < 0 and cmp != "eq": return False
    return {"le": value <= bound, "ge": value >= bound, "lt": value < bound, "eq": value == bound}[cmp]

by = defaultdict(list)
for r in runs:
    by[r["scenario"]].append(r)

summary = {"machine": machine, "scenarios": {}}
lines = []
lines.append(f"Machine: {machine.get('cpus')} cores ({machine.get('cpu_model','')}), {machine.get('memory_gb')} GB, "
             f"Docker engine {machine.get('engine_version')}, Swift {machine.get('swift')}, commit {machine.get('commit')}, {machine.get('date')}.")
lines.append("")
lines.append("| scenario | figure | min | median | max | target | median meets it | every run meets it |")
lines.append("|---|---|---:|---:|---:|---|:---:|:---:|")
order = ["state", "logs", "connections", "stats", "footprint"]
for scenario in sorted(by, key=lambda s: order.index(s) if s in order else 99):
    rs = by[scenario]
    params = rs[0].get("params", {})
    metrics = sorted({k for r in rs for k in r["metrics"]})
    entry = {"runs": len(rs), "params": params, "metrics": {}, "notes": sorted({n for r in rs for n in r.get("notes", [])}),
             "loadgen_saturated_runs": sum(1 for r in rs if r.get("loadgenSaturated")),
             "load_average": [r.get("load_before") for r in rs],
             "floor_load_average": [r.get("floor_load_before") for r in rs if r.get("floor_load_before")]}
    targeted = [m for m in metrics if (scenario, m) in TARGETS]
    labelled = [m for (sc, m) in LABELS if sc == scenario and m in metrics]
    rest = [m for m in metrics if (scenario, m) not in TARGETS and m not in labelled]
    for m in targeted + labelled + rest:
        values = [r["metrics"][m] for r in rs if m in r["metrics"]]
        lo, med, hi = min(values), statistics.median(values), max(values)
        row = {"min": lo, "median": med, "max": hi, "values": values}
        target, ok_med, ok_all = "", "", ""
        if (scenario, m) in TARGETS:
            cmp, bound, label = TARGETS[(scenario, m)]
            if isinstance(bound, str): bound = params.get(bound, 0)
            target = label
            ok_med = "✓" if meets(cmp, bound, med) else "**✗ miss**"
            ok_all = "✓" if all(meets(cmp, bound, v) for v in values) else "✗"
            row.update({"target": label, "met_median": meets(cmp, bound, med), "met_all": all(meets(cmp, bound, v) for v in values)})
        elif (scenario, m) in LABELS:
            target = "informational"
            row["label"] = LABELS[(scenario, m)]
        entry["metrics"][m] = row
        fmt = lambda v: f"{v:.0f}" if m.endswith("_count") or abs(v) >= 1000 else f"{v:.3g}" if abs(v) < 10 else f"{v:.1f}"
        figure = f"{LABELS[(scenario, m)]} (`{m}`)" if (scenario, m) in LABELS else m
        lines.append(f"| {scenario} | {figure} | {fmt(lo)} | {fmt(med)} | {fmt(hi)} | {target} | {ok_med} | {ok_all} |")
    summary["scenarios"][scenario] = entry

lines.append("")
for scenario, entry in summary["scenarios"].items():
    p = ", ".join(f"{k}={v}" for k, v in entry["params"].items())
    sat = entry["loadgen_saturated_runs"]
    loads = ", ".join(str(x) for x in entry["load_average"] if x)
    floor_loads = ", ".join(str(x) for x in entry["floor_load_average"])
    if floor_loads: loads += f" (before each floor run: {floor_loads})"
    lines.append(f"- **{scenario}** ({entry['runs']} runs; {p}); load average before each run: {loads}"
                 + (f"; **load generator saturated in {sat} run(s)**" if sat else "; load generator not saturated"))
    for n in entry["notes"]:
        lines.append(f"  - {n}")
# The micro-benchmarks (ordo-one/benchmark's text output): p0 / p50 / p100 of wall clock and mallocs.
micro_path = os.path.join(out, "micro.txt")
if os.path.exists(micro_path):
    import re
    rows, name = [], None
    for raw in open(micro_path, encoding="utf-8", errors="replace"):
        line = raw.rstrip("\n")
        if line and not line.startswith(("│", "╒", "╞", "├", "╘", "=", "-", " ")) and "│" not in line:
            name = line.strip()
            continue
        m = re.match(r"│ (Time \(wall clock\)|Malloc \(total\)) \(?([^)│]*)\)?\s*\*?\s*│(.*)", line)
        if name and m:
            cells = [c.strip() for c in m.group(3).split("│") if c.strip()]
            if len(cells) >= 7:
                rows.append((name, m.group(1), m.group(2).replace("*", "").strip(), cells[0], cells[2], cells[6]))
    if rows:
        lines += ["", "Micro-benchmarks (ordo-one/benchmark; each works on the batch its name says):", "",
                  "| benchmark | wall clock p0 | p50 | p100 | mallocs p50 |", "|---|---:|---:|---:|---:|"]
        by_name = {}
        for name, metric, unit, p0, p50, p100 in rows:
            by_name.setdefault(name, {})[metric] = (unit, p0, p50, p100)
        for name, metrics in by_name.items():
            unit, p0, p50, p100 = metrics.get("Time (wall clock)", ("", "", "", ""))
            munit, _, m50, _ = metrics.get("Malloc (total)", ("", "", "", ""))
            unit = unit.replace("μ", "µ")
            mallocs = f"{m50} {munit}".strip() if m50 else ""
            lines.append(f"| {name} | {p0} {unit} | {p50} {unit} | {p100} {unit} | {mallocs} |")
        summary["micro"] = {n: m for n, m in by_name.items()}
json.dump(summary, open(os.path.join(out, "summary.json"), "w"), indent=2, sort_keys=True)
open(os.path.join(out, "summary.md"), "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
PY
}
