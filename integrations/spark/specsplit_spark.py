#!/usr/bin/env python3
"""Split NHS contract activity on Spark, with `specsplit classify` as the classifier.

    spark-submit integrations/spark/specsplit_spark.py --rules DIR --out DIR \
        [--specsplit PATH] [--map FIELD=COLUMN ...] [--shape apc|op|slam] \
        [--contract-key provider-commissioner|provider-commissioner-contract] \
        [--max-rejects N] [--partitions N] [--force] INPUT...

    python integrations/spark/specsplit_spark.py --master 'local[2]' ...   (the same, without spark-submit)

Spark reads the extracts (its CSV reader: every column a string, quoted line breaks kept,
every byte kept), keeps each spell's episodes together and in order (repartition by
provider and spell id, sort within partitions), and streams each partition through
`specsplit classify` in a subprocess. What comes back is written, byte for byte as
classify wrote it, to

    OUT/contract=KEY/category=CATEGORY/part-*.csv   a header, then the classified rows
    OUT/control-totals.csv                           the columns of a split's, summed by Spark
    OUT/summary.csv                                  the columns of a split's, summed by Spark
    OUT/rejects.csv                                  rows classify rejected, with the reason
    OUT/_SUCCESS                                     written last, only when everything reconciles

Sums are exact decimals (DecimalType(38, 6)), never doubles. The job fails (exit 70, no
_SUCCESS) when any contract's read differs from written plus rejected, when the rows Spark
sent differ from those classify read, or when the rows Spark wrote differ from those
classify wrote; with 65 when more rows were rejected than --max-rejects allows.

Bytes are kept exact by reading the CSV as ISO-8859-1, in which every byte is one
character: a field's characters, encoded back to ISO-8859-1, are its bytes, whatever they
were (UTF-8, Windows-1252 or invalid). The classified lines come back as bytes, travel as
a binary column, and are written by Spark's text writer after a cast to string, which
keeps the bytes as they are.

Set SPECSPLIT_SPARK_FAIL_PARTITION=N to make the first attempt of partition N fail halfway
(a test of retries: run with local[2,2] so that local mode retries it).
"""

import argparse
import csv
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from decimal import Decimal, localcontext

FAULT_VARIABLE = "SPECSPLIT_SPARK_FAIL_PARTITION"
# Rows classify may reject per partition: the job-wide --max-rejects decides.
UNLIMITED_REJECTS = str(2**62)
# Bytes of CSV handed to classify per write.
FEED_BYTES = 1 << 20
# Input bytes per partition when --partitions is not given.
PARTITION_BYTES = 128 << 20
ENCODING = "ISO-8859-1"
TOTAL_KINDS = ("read", "written", "rejected", "unreadable", "sent")


class JobFailure(Exception):
    """A failure with the exit code the job ends with."""

    def __init__(self, message, code):
        super().__init__(message)
        self.code = code


# ---------------------------------------------------------------------------------------
# Arguments


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog="specsplit_spark.py",
        description="Split NHS contract activity on Spark with specsplit classify as the classifier.",
    )
    parser.add_argument("--rules", required=True, help="the rule set directory (on every executor)")
    parser.add_argument("--out", required=True, help="the output directory (any Hadoop file system)")
    parser.add_argument("--specsplit", default="specsplit", help="the specsplit binary on every executor (default: on PATH)")
    parser.add_argument("--map", action="append", default=[], metavar="FIELD=COLUMN", help="as specsplit split --map")
    parser.add_argument("--shape", choices=["apc", "op", "slam"], help="as specsplit split --shape")
    parser.add_argument("--contract-key", choices=["provider-commissioner", "provider-commissioner-contract"])
    parser.add_argument("--max-rejects", type=int, default=0, help="rejected rows allowed (default 0)")
    parser.add_argument("--partitions", type=int, help="partitions to classify in (default: one per 128 MiB of input)")
    parser.add_argument("--force", action="store_true", help="replace OUT if it exists")
    parser.add_argument("--master", help="the Spark master when run without spark-submit, e.g. local[2]")
    parser.add_argument("inputs", nargs="+", metavar="INPUT", help="CSV extracts (plain or gzip)")
    args = parser.parse_args(argv)
    if args.max_rejects < 0:
        parser.error("--max-rejects must be 0 or more")
    if args.partitions is not None and args.partitions < 1:
        parser.error("--partitions must be 1 or more")
    return args


def mapping_arguments(args):
    """The mapping flags classify takes, as split takes them."""
    extra = []
    for item in args.map:
        extra += ["--map", item]
    if args.shape:
        extra += ["--shape", args.shape]
    if args.contract_key:
        extra += ["--contract-key", args.contract_key]
    return extra


# ---------------------------------------------------------------------------------------
# CSV as classify reads and writes it


def encode_rows(rows):
    """CSV text of `rows` (ISO-8859-1 strings or None) that classify reads back exactly:
    CRLF line ends, so that a field holding a CR or an LF is quoted."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


def csv_line(names):
    """A column expression: the row's fields as one CSV line (bytes, no line end), written
    by Spark's own CSV writer (to_csv), so that each row crosses to Python as one value
    rather than a field at a time. It quotes a field holding a comma, a quote, a CR or an
    LF, doubles quotes, and trims nothing; classify reads every field back exactly."""
    from pyspark.sql import functions as F

    columns = [F.col(name) for name in names]
    if len(names) == 1:  # a lone empty field must not look like a blank line: write it ""
        columns = [F.coalesce(columns[0], F.lit(""))]
    options = {"sep": ",", "quote": '"', "escape": '"', "ignoreLeadingWhiteSpace": "false",
               "ignoreTrailingWhiteSpace": "false"}
    return F.encode(F.to_csv(F.struct(*columns), options), ENCODING)


def encode_field(text):
    """One field encoded as specsplit encodes it: quoted only when it must be."""
    if not text:
        return ""
    if any(c in text for c in ',"\r\n') or text[0] in " \t" or text[-1] in " \t":
        return '"' + text.replace('"', '""') + '"'
    return text


def encode_line(fields):
    return ",".join(encode_field(f) for f in fields)


def fields_of(record):
    """The fields of one CSV record (bytes, no line end) as ISO-8859-1 strings."""
    return next(csv.reader([record.decode(ENCODING)]))


def allow_long_fields():
    """Python's csv refuses fields over 128 KiB by default; classify takes up to 64 MiB.
    Called in each task, where this module's top level may not have run."""
    csv.field_size_limit(sys.maxsize)


def records(stream):
    """The CSV records of a byte stream, each as bytes without its line break. A line break
    ends a record only outside quotes: an even number of quotes since the record began."""
    pending = bytearray()
    quotes = 0
    while True:
        chunk = stream.read1(FEED_BYTES) if hasattr(stream, "read1") else stream.read(FEED_BYTES)
        if not chunk:
            break
        start = 0
        while True:
            end = chunk.find(b"\n", start)
            if end < 0:
                quotes += chunk.count(b'"', start)
                pending += chunk[start:]
                break
            quotes += chunk.count(b'"', start, end)
            if quotes % 2 == 0:
                if pending:
                    pending += chunk[start:end]
                    yield bytes(pending)
                    pending.clear()
                else:
                    yield chunk[start:end]
                quotes = 0
            else:
                pending += chunk[start : end + 1]
            start = end + 1
    if pending:
        yield bytes(pending)


def format_amount(value):
    """Decimal text as specsplit writes amounts: at least 2 decimals, at most 6, trailing
    zeros beyond 2 dropped."""
    with localcontext() as context:
        context.prec = 60
        quantised = Decimal(value).quantize(Decimal("0.000001"))
        if quantised == 0:
            return "0.00"
        sign = "-" if quantised < 0 else ""
        whole, fraction = format(abs(quantised), "f").split(".")
        fraction = fraction.rstrip("0").ljust(2, "0")
        return f"{sign}{whole}.{fraction}"


# ---------------------------------------------------------------------------------------
# Paths on the driver and the executors


def local_path(path, executable=False):
    """`path` as this process can use it: as given, or shipped with --files/--archives
    (relative to the working directory, or to SparkFiles' root), or a command on PATH."""
    if os.path.isabs(path):
        return path
    if os.path.exists(path):
        return os.path.abspath(path)
    try:
        from pyspark import SparkFiles

        shipped = os.path.join(SparkFiles.getRootDirectory(), path)
        if os.path.exists(shipped):
            if executable and not os.access(shipped, os.X_OK):
                os.chmod(shipped, 0o755)
            return shipped
    except Exception:
        pass
    if executable and os.sep not in path:
        found = shutil.which(path)
        if found:
            return found
    return path


def classify_environment(binary):
    """The environment of a classify subprocess: a lib/ beside the binary's bin/ (libcsv
    shipped in an archive) is searched for shared libraries."""
    env = dict(os.environ)
    lib = os.path.join(os.path.dirname(os.path.dirname(binary)), "lib")
    if os.path.isdir(lib):
        env["LD_LIBRARY_PATH"] = lib + (":" + env["LD_LIBRARY_PATH"] if env.get("LD_LIBRARY_PATH") else "")
    return env


def run_specsplit(config, arguments, stdin_bytes=b""):
    """Runs specsplit on the driver; returns its standard output or raises JobFailure
    with its message and exit code."""
    binary = local_path(config["specsplit"], executable=True)
    try:
        done = subprocess.run(
            [binary] + arguments, input=stdin_bytes, capture_output=True, env=classify_environment(binary)
        )
    except OSError as error:
        raise JobFailure(f"cannot run specsplit ({binary}): {error}. Give its path with --specsplit.", 66)
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip()
        raise JobFailure(message or f"specsplit exited with {done.returncode}", done.returncode)
    return done.stdout


# ---------------------------------------------------------------------------------------
# One partition: stream it through classify


def classify_partition(config, index, rows):
    """Streams the rows of partition `index` (each one CSV line, as bytes: ``csv_line``)
    through `specsplit classify` and yields what comes back: the classified lines (kind `line`), a header line per contract and category
    met, and the partition's control totals, summary lines and rejects."""
    from pyspark import TaskContext

    allow_long_fields()
    rows = iter(rows)
    first = next(rows, None)
    if first is None:
        return
    context = TaskContext.get()
    fail_here = config["fail_partition"] == index and context is not None and context.attemptNumber() == 0
    binary = local_path(config["specsplit"], executable=True)
    rules = local_path(config["rules"])
    work = tempfile.mkdtemp(prefix="specsplit-part-")
    paths = {name: os.path.join(work, name) for name in ("rejects.csv", "totals.json", "summary.csv", "stderr")}
    command = [
        binary, "classify", "--rules", rules, "--log-level", "warning",
        "--rejects", paths["rejects.csv"], "--max-rejects", UNLIMITED_REJECTS,
        "--totals", paths["totals.json"], "--summary-csv", paths["summary.csv"],
    ] + config["mapping"] + ["-"]
    stderr = open(paths["stderr"], "wb")
    process = subprocess.Popen(
        command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=stderr, cwd=work,
        env=classify_environment(binary),
    )
    sent = [0]
    feed_error = []

    def feed():
        try:
            process.stdin.write(config["header_line"])
            batch = [first[0]]
            size = len(first[0])
            for (line,) in rows:
                batch.append(line)
                size += len(line)
                if size >= FEED_BYTES:
                    batch.append(b"")
                    process.stdin.write(b"\n".join(batch))
                    sent[0] += len(batch) - 1
                    batch = []
                    size = 0
            if batch:
                batch.append(b"")
                process.stdin.write(b"\n".join(batch))
                sent[0] += len(batch) - 1
        except BaseException as error:  # classify stopped early: its exit status says why
            feed_error.append(error)
        finally:
            try:
                process.stdin.close()
            except OSError:
                pass

    feeder = threading.Thread(target=feed, name=f"specsplit-feed-{index}", daemon=True)
    feeder.start()
    try:
        at = config["columns"]  # the contract's field; the category follows it
        header = None
        written = {}
        count = 0
        for record in records(process.stdout):
            if header is None:
                header = record
                continue
            fields = fields_of(record)
            key = (fields[at], fields[at + 1])
            written[key] = written.get(key, 0) + 1
            count += 1
            yield ("line", key[0], key[1], count, record, None, None, None, None, None, None, None, index, None, None)
            if fail_here and count >= 10:
                raise RuntimeError(f"{FAULT_VARIABLE}={index}: the first attempt of partition {index} fails here (a test of retries)")
        feeder.join()
        status = process.wait()
        stderr.close()
        with open(paths["stderr"], "rb") as file:
            log = file.read().decode("utf-8", "replace")
        if log:
            sys.stderr.write(log)
        if status != 0:
            raise RuntimeError(f"specsplit classify failed on partition {index} with exit {status}: {log.strip()[-2000:]}")
        if feed_error:
            raise RuntimeError(f"sending partition {index} to specsplit failed: {feed_error[0]!r}")
        if fail_here:
            raise RuntimeError(f"{FAULT_VARIABLE}={index}: the first attempt of partition {index} fails here (a test of retries)")
        with open(paths["totals.json"]) as file:
            totals = json.load(file)
        overall = totals["overall"]
        # The task's own checks: what went in came out (a framing fault fails the task here).
        if overall["read"]["rows"] != sent[0]:
            raise RuntimeError(f"partition {index}: sent {sent[0]} rows, specsplit read {overall['read']['rows']}")
        if overall["written_total"]["rows"] != count:
            raise RuntimeError(f"partition {index}: specsplit wrote {overall['written_total']['rows']} rows, {count} came back")
        for key in written:
            yield ("line", key[0], key[1], 0, header, None, None, None, None, None, None, None, index, None, None)
        yield from totals_records(totals, sent[0], index)
        with open(paths["summary.csv"], newline="", encoding=ENCODING) as summary:
            lines = csv.reader(summary)
            next(lines)
            for contract, provider, commissioner, category, service, hrg, n, activity, value, setting, description in lines:
                yield ("summary", contract, category, None, None, provider, commissioner, service, hrg, int(n), activity, value,
                       index, setting, description)
        with open(paths["rejects.csv"], newline="", encoding=ENCODING) as rejects:
            lines = csv.reader(rejects)
            next(lines)
            for number, (_, line, reason, column, record, *rest) in enumerate(lines, start=1):
                text = encode_line([f"spark partition {index}", line, reason, column, record, *rest])
                yield ("reject", None, None, number, text.encode(ENCODING), None, None, None, None, None, None, None, index, None, None)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        if not stderr.closed:
            stderr.close()
        shutil.rmtree(work, ignore_errors=True)


def totals_records(totals, sent, index):
    """The partition's control totals as records Spark sums."""
    for line in totals["contracts"]:
        contract, provider, commissioner = line["contract"], line["provider"], line["commissioner"]
        for kind, measures in (("read", line["read"]), ("rejected", line["rejected"])):
            yield (kind, contract, None, None, None, provider, commissioner, None, None,
                   measures["rows"], measures["activity"], measures["value"], index, None, None)
        for category, measures in line["written"].items():
            yield ("written", contract, category, None, None, provider, commissioner, None, None,
                   measures["rows"], measures["activity"], measures["value"], index, None, None)
    unreadable = totals["unreadable"]
    yield ("unreadable", None, None, None, None, None, None, None, None,
           unreadable["rows"], unreadable["activity"], unreadable["value"], index, None, None)
    yield ("sent", None, None, None, None, None, None, None, None, sent, "0", "0", index, None, None)


# ---------------------------------------------------------------------------------------
# The driver


def output_schema():
    from pyspark.sql.types import BinaryType, IntegerType, LongType, StringType, StructField, StructType

    return StructType([
        StructField("kind", StringType(), False),
        StructField("contract", StringType()),
        StructField("category", StringType()),
        StructField("ord", LongType()),
        StructField("line", BinaryType()),
        StructField("provider", StringType()),
        StructField("commissioner", StringType()),
        StructField("service", StringType()),
        StructField("hrg", StringType()),
        StructField("rows", LongType()),
        StructField("activity", StringType()),
        StructField("value", StringType()),
        StructField("part", IntegerType()),
        StructField("setting", StringType()),
        StructField("description", StringType()),
    ])


def csv_options(line_separator):
    """Spark's CSV reader set to read every field exactly: one byte one character, RFC 4180
    quotes (doubled, not backslashed), nothing trimmed, a row of the wrong width an error
    rather than padded or cut, and the file's own line separator given: left to detect it,
    the reader turns a CRLF inside quotes into an LF."""
    return {
        "multiLine": "true", "encoding": ENCODING, "sep": ",", "quote": '"', "escape": '"',
        "lineSep": line_separator, "ignoreLeadingWhiteSpace": "false", "ignoreTrailingWhiteSpace": "false",
        "mode": "FAILFAST", "maxCharsPerColumn": "-1",
    }


class HadoopFiles:
    """Files of the output directory through Hadoop's FileSystem (HDFS, S3, local alike)."""

    def __init__(self, spark, root):
        self.jvm = spark._jvm
        self.conf = spark._jsc.hadoopConfiguration()
        self.root = root.rstrip("/")
        self.fs = self.path(self.root).getFileSystem(self.conf)

    def path(self, name):
        return self.jvm.org.apache.hadoop.fs.Path(name)

    def exists(self, name=""):
        return self.fs.exists(self.path(self._join(name)))

    def delete(self):
        self.fs.delete(self.path(self.root), True)

    def _join(self, name):
        return self.root + ("/" + name if name else "")

    def write(self, name, chunks):
        """Writes the byte strings of `chunks` to ROOT/name."""
        stream = self.fs.create(self.path(self._join(name)), True)
        try:
            pending = bytearray()
            for chunk in chunks:
                pending += chunk
                if len(pending) >= FEED_BYTES:
                    stream.write(bytearray(pending))
                    pending.clear()
            if pending:
                stream.write(bytearray(pending))
        finally:
            stream.close()

    def rename_parts(self, old_suffix, new_suffix):
        """Renames every ROOT/contract=*/category=*/part-*OLD to part-*NEW."""
        pattern = self.path(self._join(f"contract=*/category=*/part-*{old_suffix}"))
        renamed = 0
        for status in self.fs.globStatus(pattern) or []:
            source = status.getPath()
            name = source.getName()
            target = self.jvm.org.apache.hadoop.fs.Path(source.getParent(), name[: -len(old_suffix)] + new_suffix)
            if not self.fs.rename(source, target):
                raise JobFailure(f"{source}: cannot rename it to {target.getName()}", 74)
            renamed += 1
        return renamed

    def size(self, path):
        hadoop_path = self.path(path)
        fs = hadoop_path.getFileSystem(self.conf)
        total = 0
        for status in fs.globStatus(hadoop_path) or []:
            total += fs.getContentSummary(status.getPath()).getLength()
        return total


def line_separator(spark, path):
    """The line separator of `path`, CRLF or LF, as its first line ends."""
    first = spark.read.option("lineSep", "\n").text(path).first()
    if first is None:
        raise JobFailure(f"{path}: the file is empty: a header row naming the columns is expected on line 1.", 65)
    return "\r\n" if first[0].endswith("\r") else "\n"


def read_header(spark, path, separator):
    """The first record of `path` (its header), each byte one character, a BOM dropped."""
    first = spark.read.options(**csv_options(separator)).option("header", "false").csv(path).first()
    if first is None:
        raise JobFailure(f"{path}: the file is empty: a header row naming the columns is expected on line 1.", 65)
    names = ["" if name is None else name for name in first]
    if names and names[0].startswith("\u00ef\u00bb\u00bf"):
        names[0] = names[0][3:]
    return tuple(names)


def plan_layout(spark, config, header):
    """How classify maps `header` (which columns are the provider and the spell id), and the
    categories and rule set, from specsplit on the driver: a bad rule set or mapping stops
    the job here, before any task starts."""
    with tempfile.TemporaryDirectory(prefix="specsplit-plan-") as work:
        header_file = os.path.join(work, "header.csv")
        with open(header_file, "wb") as out:
            out.write(encode_rows([header]).encode(ENCODING))
        base = ["classify", "--rules", local_path(config["rules"]), "--header-from", header_file] + config["mapping"]
        description = json.loads(run_specsplit(config, base + ["--describe"]))
        totals_file = os.path.join(work, "totals.json")
        run_specsplit(config, base + ["--quiet", "--no-header", "--totals", totals_file, "-"])
        with open(totals_file) as totals:
            probe = json.load(totals)
    return description, probe


def classified_rows(spark, config, inputs, header, description, partitions):
    """The inputs of one layout (paths by line separator), read, laid out by spell and
    classified: an RDD of records in the output schema."""
    from pyspark.sql import functions as F
    from pyspark.sql.types import StringType, StructField, StructType

    names = [f"c{i}" for i in range(len(header))]
    schema = StructType([StructField(name, StringType()) for name in names])
    frame = None
    for separator, paths in sorted(inputs.items()):
        read = spark.read.options(**csv_options(separator)).option("header", "true").schema(schema).csv(paths)
        frame = read if frame is None else frame.unionByName(read)
    frame = frame.withColumn("_seq", F.monotonically_increasing_id())
    fields = description["fields"]
    if description["episode_level"]:
        keys = [names[fields["provider"]], names[fields["spell_id"]]]
        frame = frame.repartition(partitions, *keys).sortWithinPartitions(*(keys + ["_seq"]))
    else:
        frame = frame.repartition(partitions, "_seq").sortWithinPartitions("_seq")
    task_config = dict(config)
    task_config["header_line"] = encode_rows([header]).encode(ENCODING)
    task_config["columns"] = len(header)
    return frame.select(csv_line(names).alias("line")).rdd.mapPartitionsWithIndex(
        lambda index, rows: classify_partition(task_config, index, rows)
    )


def control_totals_lines(categories, totals):
    """control-totals.csv as a split writes it, from the summed records."""
    zero = {"rows": 0, "activity": Decimal(0), "value": Decimal(0)}

    def get(kind, contract=None, category=None):
        return totals.get((kind, contract, category), zero)

    contracts = sorted({key[1] for key in totals if key[0] == "read"})
    names = {key[1]: (row["provider"], row["commissioner"]) for key, row in totals.items() if key[0] == "read"}
    lines = [encode_line(["contract", "provider", "commissioner", "measure", "read"] + categories
                         + ["written", "rejected", "difference"])]
    problems = []

    def measures(name, read, written, rejected):
        for measure in ("rows", "activity", "value"):
            total = sum((w[measure] for w in written), Decimal(0) if measure != "rows" else 0)
            difference = read[measure] - total - rejected[measure]
            text = str if measure == "rows" else format_amount
            lines.append(encode_line(name + [measure, text(read[measure])] + [text(w[measure]) for w in written]
                                     + [text(total), text(rejected[measure]), text(difference)]))
            if difference != 0:
                problems.append(f"{name[0]}: {measure} {text(difference)} unaccounted for")

    overall_read = dict(get("unreadable"))
    overall_rejected = dict(get("unreadable"))
    overall_written = [dict(zero) for _ in categories]
    for contract in contracts:
        read = get("read", contract)
        written = [get("written", contract, category) for category in categories]
        rejected = get("rejected", contract)
        measures([contract, *names[contract]], read, written, rejected)
        for measure in zero:
            overall_read[measure] += read[measure]
            overall_rejected[measure] += rejected[measure]
            for position, w in enumerate(written):
                overall_written[position][measure] += w[measure]
    unreadable = get("unreadable")
    if unreadable["rows"] or unreadable["activity"] or unreadable["value"]:
        measures(["(unreadable rows)", "", ""], unreadable, [zero for _ in categories], unreadable)
    measures(["ALL", "", ""], overall_read, overall_written, overall_rejected)
    return lines, problems


def run(args):
    from pyspark import StorageLevel
    from pyspark.sql import SparkSession
    from pyspark.sql import functions as F
    from pyspark.sql.types import DecimalType

    if args.master and not os.environ.get("PYSPARK_PYTHON"):
        os.environ["PYSPARK_PYTHON"] = sys.executable  # local mode: workers run this Python
    builder = SparkSession.builder.appName("specsplit")
    if args.master:
        # Local mode: the driver is the executor; the default 1 GB heap spends much of a
        # run collecting garbage.
        builder = builder.master(args.master).config("spark.ui.enabled", "false").config("spark.driver.memory", "2g")
    spark = builder.getOrCreate()
    sc = spark.sparkContext
    # _SUCCESS is this job's to write, last, once everything has reconciled.
    sc._jsc.hadoopConfiguration().set("mapreduce.fileoutputcommitter.marksuccessfuljobs", "false")
    out = HadoopFiles(spark, args.out)
    if out.exists():
        if not args.force:
            raise JobFailure(f"{args.out}: the output already exists. Choose another --out, or pass --force to replace it.", 73)
        out.delete()

    fail = os.environ.get(FAULT_VARIABLE)
    config = {
        "specsplit": args.specsplit, "rules": args.rules, "mapping": mapping_arguments(args),
        "fail_partition": int(fail) if fail not in (None, "") else None,
    }
    layouts = {}  # header -> line separator -> paths
    for path in args.inputs:
        separator = line_separator(spark, path)
        layouts.setdefault(read_header(spark, path, separator), {}).setdefault(separator, []).append(path)
    if args.partitions:
        partitions = args.partitions
    else:
        size = sum(out.size(path) for path in args.inputs)
        partitions = max(sc.defaultParallelism, -(-size // PARTITION_BYTES))
    pieces = []
    categories = None
    for header, inputs in layouts.items():
        description, probe = plan_layout(spark, config, header)
        categories = categories or probe["categories"]
        pieces.append(classified_rows(spark, config, inputs, header, description, partitions))
    classified = spark.createDataFrame(sc.union(pieces), output_schema(), verifySchema=False)
    classified = classified.persist(StorageLevel.MEMORY_AND_DISK)

    # 1. The classified lines, byte for byte, each part file headed by its header line.
    lines = (
        classified.where(F.col("kind") == "line")
        .sortWithinPartitions("contract", "category", "ord")
        .select("contract", "category", F.col("line").cast("string").alias("value"))
    )
    lines.write.partitionBy("contract", "category").option("lineSep", "\n").mode("errorifexists").text(args.out)
    out.rename_parts(".txt", ".csv")

    # 2. Totals, summary and rejects, summed by Spark in exact decimals.
    amount = DecimalType(38, 6)
    summed = (
        classified.where(F.col("kind").isin(*TOTAL_KINDS))
        .groupBy("kind", "contract", "category")
        .agg(F.first("provider", ignorenulls=True).alias("provider"),
             F.first("commissioner", ignorenulls=True).alias("commissioner"),
             F.sum("rows").alias("rows"), F.sum(F.col("activity").cast(amount)).alias("activity"),
             F.sum(F.col("value").cast(amount)).alias("value"))
        .collect()
    )
    totals = {(r.kind, r.contract, r.category): r.asDict() for r in summed}
    counted = {
        (r.contract, r.category): r["count"]
        for r in classified.where((F.col("kind") == "line") & (F.col("ord") > 0)).groupBy("contract", "category").count().collect()
    }
    rejected_records = classified.where(F.col("kind") == "reject").count()

    control, problems = control_totals_lines(categories, totals)
    overall_read = sum(row["rows"] for key, row in totals.items() if key[0] in ("read", "unreadable"))
    sent = totals.get(("sent", None, None), {"rows": 0})["rows"]
    if sent != overall_read:
        problems.append(f"Spark sent {sent} rows to specsplit, which read {overall_read}")
    for (kind, contract, category), row in totals.items():
        if kind == "written" and row["rows"] != counted.get((contract, category), 0):
            problems.append(f"{contract} {category}: specsplit wrote {row['rows']} rows, Spark wrote {counted.get((contract, category), 0)}")
    rejected_rows = sum(row["rows"] for key, row in totals.items() if key[0] in ("rejected", "unreadable"))
    if rejected_rows != rejected_records:
        problems.append(f"specsplit rejected {rejected_rows} rows, the rejects hold {rejected_records}")

    rejects = (
        classified.where(F.col("kind") == "reject").orderBy("part", "ord").select("line").toLocalIterator()
    )
    out.write("rejects.csv", _lines([b"source,line,reason,column,record,lines,contract"], (r.line for r in rejects)))
    out.write("control-totals.csv", _lines([line.encode(ENCODING) for line in control]))
    summary = (
        classified.where(F.col("kind") == "summary")
        .groupBy("contract", "provider", "commissioner", "category", "service", "hrg", "setting", "description")
        .agg(F.sum("rows").alias("rows"), F.sum(F.col("activity").cast(amount)).alias("activity"),
             F.sum(F.col("value").cast(amount)).alias("value"))
        .orderBy("contract", "category", "service", "hrg", "setting")
        .toLocalIterator()
    )
    header = [b"contract,provider,commissioner,category,service,hrg,rows,activity,value,setting,service_description"]
    out.write("summary.csv", _lines(header, (
        encode_line([r.contract, r.provider, r.commissioner, r.category, r.service, r.hrg or "", str(r.rows),
                     format_amount(r.activity), format_amount(r.value), r.setting or "", r.description or ""]).encode(ENCODING)
        for r in summary
    )))
    classified.unpersist()

    if problems:
        raise JobFailure("reconciliation failed: what was read is not what was written plus rejected; "
                         "there is no _SUCCESS.\n  " + "\n  ".join(problems), 70)
    if rejected_rows > args.max_rejects:
        raise JobFailure(f"{rejected_rows} row(s) rejected, more than --max-rejects {args.max_rejects}: there is no "
                         f"_SUCCESS. The rows and the reasons are in {args.out}/rejects.csv.", 65)
    out.write("_SUCCESS", [])
    all_line = control[-3].split(",")
    print(f"specsplit_spark: wrote {args.out} ({len({k[1] for k in totals if k[0] == 'read'})} contracts; "
          f"rows read {all_line[4]}, rejected {rejected_rows})", file=sys.stderr)


def _lines(first, rest=()):
    for line in first:
        yield line + b"\n"
    for line in rest:
        yield bytes(line) + b"\n"


def main(argv=None):
    allow_long_fields()
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        run(args)
    except JobFailure as failure:
        print(f"specsplit_spark: {failure}", file=sys.stderr)
        return failure.code
    return 0


if __name__ == "__main__":
    sys.exit(main())
