"""The Spark job run for real in local mode, against `specsplit split` on the same input.

Run through test_spark.sh, which finds pyspark, Java and the specsplit binary ($SPECSPLIT).
The extract is generated (episodes of multi-episode spells over several contracts), then
made awkward: a free-text column with quotes, commas, line breaks (LF and CRLF), spaces at
either end, Latin-1, Windows-1252 and invalid UTF-8 bytes; spaces around some postcodes;
a few values that are not numbers (rejected rows). It is cut into two inputs at a spell
boundary, the first with a byte-order mark, the second gzip-compressed.

Every contract's and category's rows written by Spark must equal, as multisets of raw
field bytes, the rows of the split's file of that contract and category; control totals
and summary must be the split's byte for byte; _SUCCESS must come last. The same holds
when the first attempt of a task fails midway and local mode retries it.
"""

import csv
import glob
import gzip
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
JOB = os.path.join(HERE, "specsplit_spark.py")
RULES = os.path.join(ROOT, "sample-data", "rules", "2012-13")
SPECSPLIT = os.environ.get("SPECSPLIT", "specsplit")
ROWS = 3000
MAX_REJECTS = "10"

NOTES = [
    b"plain",
    b"a, b, and c",
    b'he said "no"',
    b"two\nlines",
    b"crlf\r\ninside",
    b"  padded both ends  ",
    b"caf\xe9 (Latin-1)",
    b"\x93quoted\x94 (Windows-1252)",
    b"bad \xff\xfe utf-8",
    b"",
    b'",\n" everything, "at" once \xc3\x28 ',
    b"\xe2\x82\xac valid UTF-8",
]


def read(path):
    with open(path, "rb") as file:
        return file.read()


def parse(data):
    """RFC 4180 records of `data` as (raw bytes, [field bytes]); the test's own parser."""
    records = []
    raw, fields, field = bytearray(), [], bytearray()
    quoted = False
    i = 0
    while i < len(data):
        byte = data[i : i + 1]
        if quoted:
            raw += byte
            if byte == b'"':
                if data[i + 1 : i + 2] == b'"':
                    raw += b'"'
                    field += b'"'
                    i += 1
                else:
                    quoted = False
            else:
                field += byte
        elif byte == b'"':
            raw += byte
            quoted = True
        elif byte == b",":
            raw += byte
            fields.append(bytes(field))
            field = bytearray()
        elif byte == b"\n":
            fields.append(bytes(field))
            records.append((bytes(raw), fields))
            raw, fields, field = bytearray(), [], bytearray()
        else:
            raw += byte
            field += byte
        i += 1
    if raw or fields:
        fields.append(bytes(field))
        records.append((bytes(raw), fields))
    return records


def encode(fields):
    """Fields encoded as specsplit encodes them (quoted only where needed)."""
    out = []
    for field in fields:
        if field and (any(c in field for c in b',"\r\n') or field[:1] in (b" ", b"\t") or field[-1:] in (b" ", b"\t")):
            out.append(b'"' + field.replace(b'"', b'""') + b'"')
        else:
            out.append(field)
    return b",".join(out)


def make_inputs(work):
    """Two awkward inputs of one generated extract, cut at a spell boundary."""
    generated = os.path.join(work, "generated.csv")
    subprocess.run(
        [SPECSPLIT, "generate", "--shape", "apc", "--episodes", "--rows", str(ROWS), "--seed", "11",
         "--contracts", "6", "--output", generated],
        check=True,
    )
    records = parse(read(generated))
    header = records[0][1] + [b"Notes"]
    spell = header.index(b"Der_Spell_ID")
    postcode = header.index(b"Postcode")
    value = header.index(b"Grand_Total_Payment_MFF")
    rows = []
    for number, (_, fields) in enumerate(records[1:]):
        fields = list(fields)
        if number % 17 == 3 and fields[postcode]:
            fields[postcode] = b" " + fields[postcode] + b" "
        if number in (101, 1203, 2507):
            fields[value] = b"n/a"
        rows.append(fields + [NOTES[number % len(NOTES)]])
    cut = len(rows) // 2
    while rows[cut][spell] == rows[cut - 1][spell]:
        cut += 1
    first = os.path.join(work, "apc-1.csv")
    second = os.path.join(work, "apc-2.csv.gz")
    with open(first, "wb") as out:
        out.write(b"\xef\xbb\xbf" + encode(header) + b"\r\n")
        for fields in rows[:cut]:
            out.write(encode(fields) + b"\r\n")
    with gzip.open(second, "wb") as out:
        out.write(encode(header) + b"\n")
        for fields in rows[cut:]:
            out.write(encode(fields) + b"\n")
    return [first, second], rows, spell


def split(inputs, out):
    subprocess.run(
        [SPECSPLIT, "split", "--rules", RULES, "--out", out, "--max-rejects", MAX_REJECTS, "--quiet"] + inputs,
        check=True,
    )


def spark(inputs, out, master, env=None):
    """Runs the job; returns its exit status and standard error."""
    command = [sys.executable, JOB, "--master", master, "--rules", RULES, "--out", out, "--specsplit", SPECSPLIT,
               "--max-rejects", MAX_REJECTS] + inputs
    done = subprocess.run(command, env={**os.environ, **(env or {})}, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return done.returncode, done.stderr.decode("utf-8", "replace")


class SparkJobTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.work = os.environ.get("SPECSPLIT_SPARK_WORK") or tempfile.mkdtemp(prefix="specsplit-spark-test-")
        os.makedirs(cls.work, exist_ok=True)
        cls.inputs, cls.rows, cls.spell = make_inputs(cls.work)
        cls.split = os.path.join(cls.work, "split")
        shutil.rmtree(cls.split, ignore_errors=True)
        split(cls.inputs, cls.split)

    @classmethod
    def tearDownClass(cls):
        if not os.environ.get("SPECSPLIT_SPARK_WORK"):
            shutil.rmtree(cls.work, ignore_errors=True)

    def test_the_input_is_as_awkward_as_intended(self):
        spells = Counter(fields[self.spell] for fields in self.rows)
        self.assertGreater(sum(1 for n in spells.values() if n > 1), 100, "multi-episode spells")
        self.assertGreaterEqual(len(os.listdir(os.path.join(self.split, "contracts"))), 6, "several contracts")
        categories = {name.split(".")[0] for name in os.listdir(os.path.join(self.split, "contracts", os.listdir(os.path.join(self.split, "contracts"))[0]))}
        self.assertIn("specialised", categories)
        written = read(os.path.join(self.split, "control-totals.csv")).decode().splitlines()
        self.assertTrue(any(line.startswith("ALL,,,rows,") and line.endswith(",3,0") for line in written), written[-3:])

    def assert_spark_equals_split(self, out):
        header_raw, header = parse(read(glob.glob(os.path.join(self.split, "contracts", "*", "specialised.csv"))[0]))[0]
        at = header.index(b"split_category")  # the split adds its columns from here; the stream puts contract first
        expected_header = encode(header[:at] + [b"contract"] + header[at:])
        spark_rows = {}
        parts = glob.glob(os.path.join(out, "contract=*", "category=*", "part-*"))
        self.assertTrue(parts)
        for part in parts:
            self.assertTrue(part.endswith(".csv"), part)
            contract = os.path.basename(os.path.dirname(os.path.dirname(part)))[len("contract="):]
            category = os.path.basename(os.path.dirname(part))[len("category="):]
            records = parse(read(part))
            self.assertEqual(records[0][0], expected_header, f"{part} starts with the header")
            for raw, fields in records[1:]:
                self.assertEqual(raw, encode(fields), "written as classify writes")
                self.assertEqual(fields[at], contract.encode())
                self.assertEqual(fields[at + 1], category.encode())
                spark_rows.setdefault((contract, category), Counter())[tuple(fields[:at] + fields[at + 1 :])] += 1
        split_rows = {}
        for path in glob.glob(os.path.join(self.split, "contracts", "*", "*.csv")):
            records = parse(read(path))
            if len(records) > 1:
                key = (os.path.basename(os.path.dirname(path)), os.path.basename(path)[: -len(".csv")])
                split_rows[key] = Counter(tuple(fields) for _, fields in records[1:])
        self.assertEqual(sorted(spark_rows), sorted(split_rows), "the same contracts and categories")
        for key in split_rows:
            self.assertEqual(spark_rows[key], split_rows[key], f"rows of {key}")
        self.assertEqual(sum(sum(c.values()) for c in spark_rows.values()), ROWS - 3)
        for name in ("control-totals.csv", "summary.csv"):
            self.assertEqual(read(os.path.join(out, name)), read(os.path.join(self.split, name)), name)
        # Line numbers are where each job read the row (a Spark partition's stream, a file), so
        # the reason's line range is compared without them; the number of lines it spans stays.
        def without_lines(fields):
            reason = re.sub(rb" \(the record spans (\d+) lines, \d+ to \d+\)$", rb" (the record spans \1 lines)", fields[2])
            return (reason, *fields[3:])
        spark_rejects = Counter(without_lines(f) for _, f in parse(read(os.path.join(out, "rejects.csv")))[1:])
        split_rejects = Counter(without_lines(f) for _, f in parse(read(os.path.join(self.split, "rejects.csv")))[1:])
        self.assertEqual(spark_rejects, split_rejects, "the same rejects, reasons and records")
        self.assertEqual(sum(spark_rejects.values()), 3)
        outputs = [p for p in glob.glob(os.path.join(out, "**"), recursive=True) if os.path.isfile(p)]
        success = os.path.join(out, "_SUCCESS")
        self.assertIn(success, outputs)
        self.assertEqual(max(outputs, key=lambda p: os.stat(p).st_mtime_ns), success, "_SUCCESS written last")
        everything = b"".join(read(p) for p in parts)
        for note in NOTES[1:9]:
            self.assertIn(encode([note]), everything, note)

    def test_local_mode_writes_what_split_writes(self):
        out = os.path.join(self.work, "spark")
        shutil.rmtree(out, ignore_errors=True)
        status, log = spark(self.inputs, out, "local[2]")
        self.assertEqual(status, 0, log[-5000:])
        self.assert_spark_equals_split(out)

    def test_a_failed_task_attempt_is_retried_without_losing_or_repeating_rows(self):
        out = os.path.join(self.work, "spark-retry")
        shutil.rmtree(out, ignore_errors=True)
        status, log = spark(self.inputs, out, "local[2,2]", {"SPECSPLIT_SPARK_FAIL_PARTITION": "1"})
        self.assertEqual(status, 0, log[-5000:])
        self.assertIn("the first attempt of partition 1 fails here", log, "the fault was injected")
        self.assert_spark_equals_split(out)


class TaskHelpersTest(unittest.TestCase):
    """The job's framing and formatting, without Spark."""

    def test_records_are_cut_at_line_breaks_outside_quotes_whatever_the_chunks(self):
        import specsplit_spark as job

        data = b'a,"x\ny",c\n"say ""hi""\n",2\n\n"\r\n",3\nlast'

        class Trickle:
            def __init__(self, size):
                self.data, self.size = data, size

            def read1(self, _):
                chunk, self.data = self.data[: self.size], self.data[self.size :]
                return chunk

        for size in (1, 2, 3, 7, len(data)):
            self.assertEqual(
                list(job.records(Trickle(size))),
                [b'a,"x\ny",c', b'"say ""hi""\n",2', b"", b'"\r\n",3', b"last"],
                f"chunks of {size}",
            )

    def test_amounts_are_formatted_as_specsplit_formats_them(self):
        import specsplit_spark as job
        from decimal import Decimal

        cases = {"0": "0.00", "-0.000000": "0.00", "12.5": "12.50", "-12.5": "-12.50", "1.234567": "1.234567",
                 "1.2300": "1.23", "123456789012345678901234567890.1": "123456789012345678901234567890.10"}
        for text, expected in cases.items():
            self.assertEqual(job.format_amount(Decimal(text)), expected, text)

    def test_a_field_longer_than_pythons_csv_limit_comes_through(self):
        import specsplit_spark as job

        header = ("Der_Provider_Code", "Commissioner_Code", "Spell_Core_HRG", "Notes")
        config = {"specsplit": SPECSPLIT, "rules": RULES, "mapping": [], "fail_partition": None,
                  "header_line": job.encode_rows([header]).encode(job.ENCODING), "columns": 4}
        long = b'RJE,5PK,AA22C,"' + b"x" * 300_000 + b'\nend"'
        out = list(job.classify_partition(config, 0, iter([(long,), (b"RQ3,5MX,SB97Z,short",)])))
        lines = [r for r in out if r[0] == "line" and r[3] > 0]
        self.assertEqual([(r[1], r[2]) for r in lines], [("RJE_5PK", "non-specialised"), ("RQ3_5MX", "specialised")])
        self.assertTrue(lines[0][4].startswith(long + b",RJE_5PK,non-specialised,"))


if __name__ == "__main__":
    unittest.main()
