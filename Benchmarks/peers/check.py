"""Checks that the peers did the same job as specsplit: rows per contract and category.

    python check.py SPECSPLIT_OUT EXTRACT.csv NAME=PEER_OUT [NAME=PEER_OUT ...]

specsplit's counts come from its control-totals.csv (rows read and written per category,
per contract) and, for specialised rows, its summary.csv (rows per service line). Each
peer's counts come from the CSV files it wrote, read back with Python's csv module: the
contract and category from the file's path (`contract=X/split_category=Y/*.csv`, or
`X/Y.csv`), the service line from its last column. Every file's header must be the
extract's header followed by service_line. Any difference is printed and the exit status
is 1, so that no peer is timed on a different job.
"""

import collections
import csv
import pathlib
import sys

from ruleset import header_of

csv.field_size_limit(1 << 26)


def specsplit_counts(out):
    out = pathlib.Path(out)
    counts = collections.Counter()
    with open(out / "control-totals.csv", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        categories = header[header.index("read") + 1 : header.index("written")]
        for row in reader:
            record = dict(zip(header, row))
            if record["measure"] != "rows" or record["contract"] == "ALL":
                continue
            if int(record["rejected"]) != 0 or int(record["difference"]) != 0:
                sys.exit(f"specsplit rejected rows or did not reconcile: {row}")
            for category in categories:
                if int(record[category]):
                    counts[(record["contract"], category)] += int(record[category])
    lines = collections.Counter()
    with open(out / "summary.csv", newline="") as handle:
        for record in csv.DictReader(handle):
            if record["category"] == "specialised":
                lines[(record["contract"], record["service"])] += int(record["rows"])
    return counts, lines


def peer_counts(out, header):
    counts = collections.Counter()
    lines = collections.Counter()
    files = sorted(pathlib.Path(out).rglob("*.csv"))
    if not files:
        sys.exit(f"{out}: no CSV files written")
    for path in files:
        parts = path.relative_to(out).parts
        keys = dict(part.split("=", 1) for part in parts[:-1] if "=" in part)
        if keys:
            contract, category = keys["contract"], keys["split_category"]
        else:
            contract, category = parts[-2], path.stem
        with open(path, newline="", encoding="utf-8") as handle:
            reader = csv.reader(handle)
            file_header = next(reader, None)
            if file_header != header + ["service_line"]:
                sys.exit(f"{path}: header {file_header} is not the extract's header and service_line")
            for row in reader:
                if len(row) != len(file_header):
                    sys.exit(f"{path}: line {reader.line_num} has {len(row)} fields, not {len(file_header)}")
                counts[(contract, category)] += 1
                if category == "specialised":
                    lines[(contract, row[-1])] += 1
    return counts, lines, len(files)


def differences(expected, found):
    keys = sorted(set(expected) | set(found))
    return [(key, expected.get(key, 0), found.get(key, 0)) for key in keys if expected.get(key, 0) != found.get(key, 0)]


def main(specsplit_out, extract, *peers):
    header = header_of(extract)
    counts, lines = specsplit_counts(specsplit_out)
    total = sum(counts.values())
    failed = False
    for peer in peers:
        name, out = peer.split("=", 1)
        peer_rows, peer_lines, files = peer_counts(out, header)
        wrong = differences(counts, peer_rows) + differences(lines, peer_lines)
        if wrong:
            failed = True
            print(f"FAIL {name}: {len(wrong)} contract x category (or service line) counts differ from specsplit's:")
            for key, expected, found in wrong[:20]:
                print(f"  {key}: specsplit {expected}, {name} {found}")
        else:
            print(
                f"ok   {name}: {sum(peer_rows.values())} rows in {files} files, the same as specsplit's "
                f"{total} rows over {len(counts)} contract x category pairs and {len(lines)} specialised lines"
            )
    return 1 if failed else 0


if __name__ == "__main__":
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    sys.exit(main(*sys.argv[1:]))
