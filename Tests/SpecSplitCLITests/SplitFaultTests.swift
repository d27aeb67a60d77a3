import Foundation
import TestSupport
import XCTest

/// Bad input and faults, through the built binary: a clear message, the documented exit
/// code, nothing half-written, and a previous output left as it was.
final class SplitFaultTests: XCTestCase {
    let scratch = Scratch()
    let rules = Binary.root.appendingPathComponent("sample-data/rules/2012-13").path
    let header = "Der_Provider_Code,Commissioner_Code,Der_Spell_ID,Spell_Core_HRG,Der_Diagnosis_All,Tariff_Total_Payment\n"

    func rows(_ count: Int) -> String {
        (0..<count).map { "RJE,5PK,S\($0),AA22C,\"||I10X,E119\",\($0 % 1000).25" }.joined(separator: "\n") + "\n"
    }

    func split(_ inputs: [String], out: String = "out", _ extra: [String] = []) throws -> Binary.Result {
        try Binary.run(["split", "--rules", rules, "--out", scratch.path(out), "--quiet"] + extra + inputs, in: scratch.url)
    }

    func testMissingInputExits66BeforeAnythingIsCreated() throws {
        let result = try split([scratch.path("nope.csv")])
        XCTAssertEqual(result.status, 66, result.err)
        XCTAssertTrue(result.err.contains("nope.csv: cannot open input: No such file or directory"), result.err)
        XCTAssertFalse(scratch.exists("out"))
        XCTAssertFalse(scratch.exists("out.failed"))
    }

    func testADirectoryAsInputExits66() throws {
        try FileManager.default.createDirectory(atPath: scratch.path("adir"), withIntermediateDirectories: true)
        let result = try split([scratch.path("adir")])
        XCTAssertEqual(result.status, 66, result.err)
        XCTAssertTrue(result.err.contains("it is a directory"), result.err)
    }

    func testEmptyFileIsADataError() throws {
        let result = try split([scratch.write("empty.csv", "")])
        XCTAssertEqual(result.status, 65, result.err)
        XCTAssertTrue(result.err.contains("empty.csv: the file is empty: a header row naming the columns is expected on line 1"), result.err)
    }

    func testHeaderOnlyFileSplitsToNothingAndReconciles() throws {
        let result = try split([scratch.write("header.csv", header)])
        XCTAssertEqual(result.status, 0, result.err)
        XCTAssertTrue(scratch.read("out/control-totals.csv")?.contains("ALL,,,rows,0,0,0,0,0,0,0,0,0") ?? false)
    }

    func testMalformedRowsAreRejectedWithFileLineAndColumn() throws {
        let text = header + "RJE,5PK,S1,AA22C,||I10X,10\nRJE,5PK,S2,AA\"22C,||I10X,20\nRJE,5PK,S3,AA22C\nRJE,5PK,S4,AA22C,||I10X,30\nRJE,5PK,S5,AA22C,\"||I10X,40\n"
        let input = scratch.write("bad.csv", text)
        let result = try split([input])
        XCTAssertEqual(result.status, 65, result.err)
        XCTAssertTrue(result.err.contains("3 row(s) rejected, more than --max-rejects 0: nothing was published"), result.err)
        XCTAssertFalse(scratch.exists("out"))
        let rejects = scratch.read("out.failed/rejects.csv") ?? ""
        XCTAssertTrue(rejects.contains("bad.csv,3,\"stray quote: a quote inside an unquoted field, or text after a closing quote\",Spell_Core_HRG,\"RJE,5PK,S2,AA\"\"22C,||I10X,20\""), rejects)
        XCTAssertTrue(rejects.contains("bad.csv,4,too few fields: 4 where the header has 6,Der_Diagnosis_All,"), rejects)
        XCTAssertTrue(rejects.contains("bad.csv,6,a quote is never closed"), rejects)
        // inspect lists the same faults, with the same words.
        let inspect = try Binary.run(["inspect", input], in: scratch.url)
        XCTAssertEqual(inspect.status, 0, inspect.err)
        XCTAssertTrue(inspect.out.contains("rows:      5 (3 malformed)"), inspect.out)
        XCTAssertTrue(inspect.out.contains("line 3: stray quote: a quote inside an unquoted field, or text after a closing quote (column Spell_Core_HRG)"), inspect.out)
        XCTAssertTrue(inspect.out.contains("line 4: too few fields: 4 where the header has 6 (column Der_Diagnosis_All)"), inspect.out)
        // Allowed, the same run publishes and counts them.
        let allowed = try split([input], ["--max-rejects", "3"])
        XCTAssertEqual(allowed.status, 0, allowed.err)
        XCTAssertTrue(scratch.read("out/control-totals.csv")?.contains("ALL,,,rows,5,0,0,0,2,0,2,3,0") ?? false, scratch.read("out/control-totals.csv") ?? "")
    }

    func testRejectedRowsNameTheirContractWhenItIsKnown() throws {
        // Line 3: a value that is not a number (the contract is known); line 4: too few
        // fields (the row was never read as far as its contract).
        let text = header + "RJE,5PK,S1,AA22C,||I10X,10\nRQ3,5MX,S2,AA22C,||I10X,£25\nRJE,5PK,S3,AA22C\n"
        let result = try split([scratch.write("mixed.csv", text)], ["--max-rejects", "2"])
        XCTAssertEqual(result.status, 0, result.err)
        let lines = (scratch.read("out/rejects.csv") ?? "").split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.first, "source,line,reason,column,record,lines,contract")
        XCTAssertEqual(lines.count, 3, lines.joined(separator: "\n"))
        guard lines.count == 3 else { return }
        XCTAssertTrue(lines[1].contains("mixed.csv,3,"), lines[1])
        XCTAssertTrue(lines[1].hasSuffix(",RQ3_5MX"), lines[1])
        XCTAssertTrue(lines[2].contains("mixed.csv,4,too few fields"), lines[2])
        XCTAssertTrue(lines[2].hasSuffix(","), "no contract for a row not read that far: \(lines[2])")
    }

    func testOutputExistsIsRefusedWithoutForce() throws {
        let input = scratch.write("in.csv", header + rows(3))
        XCTAssertEqual(try split([input]).status, 0)
        let again = try split([input])
        XCTAssertEqual(again.status, 73, again.err)
        XCTAssertTrue(again.err.contains("the output already exists. Choose another --out, or pass --force"), again.err)
        XCTAssertEqual(try split([input], ["--force"]).status, 0)
    }

    func testInvalidRuleSetExits78BeforeReadingInput() throws {
        let input = scratch.write("in.csv", header + rows(3))
        let result = try Binary.run(["split", "--rules", scratch.path("no-rules"), "--out", scratch.path("out"), input], in: scratch.url)
        XCTAssertEqual(result.status, 78, result.err)
        XCTAssertFalse(scratch.exists("out"))
    }

    func testInvalidConfigExits78NamingTheKey() throws {
        let config = scratch.write("split.toml", "rules = \"\(rules)\"\nout = \"out\"\nmax_rejects = \"many\"\n")
        let result = try Binary.run(["split", "--config", config, scratch.write("in.csv", header + rows(2))], in: scratch.url)
        XCTAssertEqual(result.status, 78, result.err)
        XCTAssertTrue(result.err.contains("split.toml: key max_rejects: expected a whole number >= 0."), result.err)
        let unknown = scratch.write("bad.toml", "rulez = 1\n")
        let second = try Binary.run(["split", "--config", unknown, "in.csv"], in: scratch.url)
        XCTAssertEqual(second.status, 78, second.err)
        XCTAssertTrue(second.err.contains("unknown key rulez"), second.err)
    }

    func testConfigFileHoldsOptionsAndFlagsOverrideIt() throws {
        scratch.write("in.csv", header + rows(4).replacingOccurrences(of: "S2,AA22C,\"||I10X,E119\",2.25", with: "S2,AA22C,\"||I10X,E119\",bad"))
        let config = scratch.write("split.toml", "rules = \"\(rules)\"\nout = \"cfg-out\"\ninputs = [\"in.csv\"]\nmax_rejects = 0\n")
        XCTAssertEqual(try Binary.run(["split", "--config", config, "--quiet"], in: scratch.url).status, 65)
        let overridden = try Binary.run(["split", "--config", config, "--max-rejects", "1", "--quiet"], in: scratch.url)
        XCTAssertEqual(overridden.status, 0, overridden.err)
        XCTAssertTrue(scratch.exists("cfg-out/manifest.json"), "paths in the config are relative to it")
        let budget = scratch.write("budget.toml", "rules = \"\(rules)\"\nout = \"budget-out\"\ninputs = [\"in.csv\"]\nmax_rejects = 1\noutput_memory = 2\nlog_level = \"debug\"\n")
        let small = try Binary.run(["split", "--config", budget], in: scratch.url)
        XCTAssertEqual(small.status, 0, small.err)
        XCTAssertTrue(small.err.contains("KiB of 2048 KiB"), "output_memory is in MiB: \(small.err)")
        // A config value its flag would refuse is an invalid config file (78), named with its key.
        for (key, value) in [("output_memory", "0"), ("max_open_files", "0"), ("max_field_bytes", "0"), ("max_rejects", "-1")] {
            let zero = scratch.write("zero.toml", "rules = \"\(rules)\"\nout = \"zero-out\"\ninputs = [\"in.csv\"]\n\(key) = \(value)\n")
            let refused = try Binary.run(["split", "--config", zero], in: scratch.url)
            XCTAssertEqual(refused.status, 78, "\(key) = \(value): \(refused.err)")
            XCTAssertTrue(refused.err.contains("key \(key): expected a whole number >= "), refused.err)
            XCTAssertFalse(scratch.exists("zero-out"))
        }
    }

    func testUsageErrorsExit64() throws {
        XCTAssertEqual(try Binary.run(["split", "--rules", rules]).status, 64)
        XCTAssertEqual(try Binary.run(["split", "--bogus"]).status, 64)
    }

    func testStandardInputAndSummaryToStandardOutput() throws {
        let result = try Binary.run(
            ["split", "--rules", rules, "--out", scratch.path("out"), "--summary", "-", "--quiet", "-"], in: scratch.url,
            stdin: Data((header + rows(5)).utf8))
        XCTAssertEqual(result.status, 0, result.err)
        XCTAssertTrue(result.out.contains("\"path\" : \"standard input\""), result.out)
        XCTAssertTrue(result.out.contains("\"rows_read\" : 5"), result.out)
    }

    /// A full disk mid-run: exit 74, the staging directory removed, the previous output intact.
    func testFullDiskExits74AndLeavesThePreviousOutputIntact() throws {
        let disk = scratch.path("disk")
        try FileManager.default.createDirectory(atPath: disk, withIntermediateDirectories: true)
        let input = scratch.write("in.csv", header + rows(20_000))
        let small = scratch.write("small.csv", header + rows(2))
        let mounted = try Binary.shell("mount -t tmpfs -o size=256k tmpfs '\(disk)' 2>/dev/null", in: scratch.url).status == 0
        defer { if mounted { _ = try? Binary.shell("umount '\(disk)'", in: scratch.url) } }
        XCTAssertEqual(try split([small], out: "disk/out").status, 0)
        let before = scratch.read("disk/out/manifest.json")
        // Without a mount (no privilege), a file-size limit makes writes fail the same way.
        let limit = mounted ? "" : "ulimit -f 64; "
        let result = try Binary.shell(
            "trap '' XFSZ; \(limit)exec \"$SPECSPLIT\" split --rules '\(rules)' --out disk/out --force --quiet '\(input)'", in: scratch.url)
        XCTAssertEqual(result.status, 74, result.err)
        XCTAssertTrue(result.err.contains(mounted ? "No space left on device" : "File too large"), result.err)
        XCTAssertTrue(result.err.contains("write failed"), result.err)
        XCTAssertEqual(scratch.read("disk/out/manifest.json"), before, "previous output untouched")
        let left = (try? FileManager.default.contentsOfDirectory(atPath: disk)) ?? []
        XCTAssertFalse(left.contains { $0.contains("staging") }, "\(left)")
    }

    /// SIGTERM while the input is still arriving: exit 143, nothing published.
    func testSignalMidRunPublishesNothing() throws {
        let fifo = scratch.path("pipe.csv")
        XCTAssertEqual(mkfifo(fifo, 0o644), 0)
        let small = scratch.write("small.csv", header + rows(2))
        XCTAssertEqual(try split([small]).status, 0)
        let before = scratch.read("out/manifest.json")
        let script = """
            "$SPECSPLIT" split --rules '\(rules)' --out out --force --quiet pipe.csv & pid=$!
            exec 3>pipe.csv
            printf '%s' '\(header)' >&3
            for i in $(seq 1 2000); do echo "RJE,5PK,S$i,AA22C,||I10X,1.00" >&3; done
            sleep 0.5
            kill -TERM $pid
            sleep 0.2
            exec 3>&-
            wait $pid
            """
        let result = try Binary.shell(script, in: scratch.url)
        XCTAssertEqual(result.status, 143, result.err)
        XCTAssertTrue(result.err.contains("interrupted by signal 15: nothing was published"), result.err)
        XCTAssertEqual(scratch.read("out/manifest.json"), before)
        XCTAssertFalse(scratch.entries().contains { $0.contains("staging") || $0.hasSuffix(".lock") }, "\(scratch.entries())")
    }

    func testRerunsGiveByteIdenticalOutputs() throws {
        let input = scratch.write("in.csv", header + rows(500))
        XCTAssertEqual(try split([input], out: "a").status, 0)
        XCTAssertEqual(try split([input], out: "b").status, 0)
        let diff = try Binary.shell("diff -r -x manifest.json a b && diff <(grep -v '\"started\\|\"finished' a/manifest.json) <(grep -v '\"started\\|\"finished' b/manifest.json)", in: scratch.url)
        XCTAssertEqual(diff.status, 0, diff.out + diff.err)
    }
}
