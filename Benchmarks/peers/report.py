"""Prints the peers benchmark's table from run.sh's results.tsv: medians and ratios.

    python report.py results.tsv

Per width: each tool's median wall time, throughput (input MB / median wall), median user,
system and user + system CPU, and peak RSS (the largest of the rounds); then specsplit's throughput over
DuckDB's, Polars' and csvcount's (their median wall over specsplit's), the same ratios in
CPU time (user + system; steadier than wall time while other work shares the cores), and the CPU per row
(user + system) of `specsplit split --sequential` against csvcount's; the same for the runs
with `--digest xxh3-128` (rows `specsplit-xxh3`, `specsplit-sequential-xxh3`).
"""

import collections
import csv
import statistics
import sys

TOOLS = ["specsplit", "specsplit-sequential", "specsplit-xxh3", "specsplit-sequential-xxh3", "duckdb", "polars", "csvcount"]


def main(path):
    runs = collections.defaultdict(list)
    sizes = {}
    with open(path, newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            runs[(row["width"], row["tool"])].append(row)
            sizes[row["width"]] = (int(row["bytes"]), int(row["rows"]))
    for width, (size, rows) in sizes.items():
        medians = {}
        print(f"\n{width}: {size / 1e6:,.0f} MB, {rows:,} rows, {size / rows:.0f} bytes a row")
        print(f"  {'tool':<22}{'runs':>5}{'median s':>10}{'MB/s':>8}{'user s':>9}{'sys s':>8}{'cpu s':>8}{'peak MiB':>10}")
        for tool in TOOLS:
            found = runs.get((width, tool))
            if not found:
                continue
            wall = statistics.median(float(r["wall"]) for r in found)
            user = statistics.median(float(r["user"]) for r in found)
            system = statistics.median(float(r["sys"]) for r in found)
            cpu = statistics.median(float(r["user"]) + float(r["sys"]) for r in found)
            peak = max(int(r["rss_kib"]) for r in found) / 1024
            medians[tool] = (wall, cpu)
            print(
                f"  {tool:<22}{len(found):>5}{wall:>10.2f}{size / 1e6 / wall:>8.0f}{user:>9.2f}{system:>8.2f}"
                f"{cpu:>8.2f}{peak:>10.0f}"
            )
        for split_tool, sequential_tool, label in (
            ("specsplit", "specsplit-sequential", ""),
            ("specsplit-xxh3", "specsplit-sequential-xxh3", " --digest xxh3-128"),
        ):
            if split_tool in medians:
                split = medians[split_tool][0]
                ratios = [f"{peer} {medians[peer][0] / split:.2f}" for peer in ("duckdb", "polars", "csvcount") if peer in medians]
                print(f"  specsplit{label} throughput over: " + ", ".join(ratios))
                cpu = medians[split_tool][1]
                ratios = [f"{peer} {medians[peer][1] / cpu:.2f}" for peer in ("duckdb", "polars", "csvcount") if peer in medians]
                print(f"  CPU (user + sys) over specsplit{label}'s: " + ", ".join(ratios))
            if sequential_tool in medians and "csvcount" in medians:
                sequential = medians[sequential_tool][1] / rows * 1e9
                count = medians["csvcount"][1] / rows * 1e9
                print(
                    f"  CPU per row (user + sys): specsplit --sequential{label} {sequential:.0f} ns, "
                    f"csvcount {count:.0f} ns: {sequential / count:.1f} x"
                )


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
