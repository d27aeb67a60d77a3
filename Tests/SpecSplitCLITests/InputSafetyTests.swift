import Foundation
import TestSupport
import XCTest

/// Inputs are read as they are, once, and counted once: a repeated input is refused, a
/// pipe is read exactly once, a gzip file with something after its last member is an
/// error.
final class InputSafetyTests: XCTestCase {
    let scratch = Scratch()
    let rules = Binary.root.appendingPathComponent("sample-data/rules/2012-13").path
    let extract = Binary.root.appendingPathComponent("sample-data/extracts/contract-monitoring.csv").path

    func split(_ arguments: [String]) throws -> Binary.Result {
        try Binary.run(["split", "--rules", rules] + arguments, in: scratch.url)
    }

    func copy(_ name: String) throws -> String {
        let path = scratch.path(name)
        try FileManager.default.copyItem(atPath: extract, toPath: path)
        return path
    }

    /// `ALL` rows read, from control-totals.csv of `out`.
    func rowsRead(_ out: String) -> String? {
        scratch.read(out + "/control-totals.csv")?.split(separator: "\n").first { $0.hasPrefix("ALL,,,rows,") }?
            .split(separator: ",", omittingEmptySubsequences: false)[4].description
    }

    // MARK: - A repeated input is refused (case 6)

    /// Issue 15, case 6: the same file named twice (the same name, another spelling, a hard
    /// link) is refused with 64 before anything is read or written.
    func testTheSameFileTwiceIsRefused() throws {
        let s1 = try copy("s1.csv")
        XCTAssertEqual(link(s1, scratch.path("hard.csv")), 0)
        for (what, inputs) in [
            ("the same name", ["s1.csv", "s1.csv"]), ("another spelling", ["s1.csv", "./s1.csv"]),
            ("a hard link", ["s1.csv", "hard.csv"]), ("three times", ["s1.csv", "s1.csv", "./s1.csv"]),
        ] {
            let result = try split(["--out", "o", "--quiet"] + inputs)
            XCTAssertEqual(result.status, 64, "\(what): \(result.err)")
            XCTAssertTrue(result.err.contains("same file") && result.err.contains("--allow-duplicate-inputs"), "\(what): \(result.err)")
            XCTAssertFalse(scratch.exists("o") || scratch.exists("o.failed"), what)
        }
    }

    /// Issue 15, case 6: two files with the same content (a copy, a gzip of it) are found
    /// by their SHA-256, as they are read, and refused before anything is published.
    func testTheSameContentTwiceIsRefusedBeforePublishing() throws {
        let s1 = try copy("s1.csv")
        _ = try copy("s2.csv")
        XCTAssertEqual(try Binary.shell("gzip -c s1.csv > s3.csv.gz", in: scratch.url).status, 0)
        XCTAssertEqual(try split(["--out", "o", "--quiet", s1]).status, 0)
        let before = scratch.read("o/manifest.json")
        for other in ["s2.csv", "s3.csv.gz"] {
            let result = try split(["--out", "o", "--force", "--quiet", "s1.csv", other])
            XCTAssertEqual(result.status, 64, "\(other): \(result.err)")
            XCTAssertTrue(result.err.contains("s1.csv") && result.err.contains(other) && result.err.contains("same content"), result.err)
            XCTAssertEqual(scratch.read("o/manifest.json"), before, "\(other): nothing published")
        }
    }

    /// Issue 15, case 6: `--allow-duplicate-inputs` (or `allow_duplicate_inputs = true` in
    /// the config) lets a repeated input through, counted each time, with a warning.
    func testAllowDuplicateInputsCountsEachTime() throws {
        _ = try copy("s1.csv")
        _ = try copy("s2.csv")
        let allowed = try split(["--out", "o", "--allow-duplicate-inputs", "s1.csv", "s1.csv", "s2.csv"])
        XCTAssertEqual(allowed.status, 0, allowed.err)
        XCTAssertEqual(rowsRead("o"), "1200")
        XCTAssertTrue(allowed.err.contains("warning") && allowed.err.contains("s1.csv"), allowed.err)
        let config = scratch.write("split.toml", "rules = \"\(rules)\"\nout = \"c\"\ninputs = [\"s1.csv\", \"s2.csv\"]\nallow_duplicate_inputs = true\n")
        let configured = try Binary.run(["split", "--config", config, "--quiet"], in: scratch.url)
        XCTAssertEqual(configured.status, 0, configured.err)
        XCTAssertEqual(rowsRead("c"), "800")
        let bad = scratch.write("bad.toml", "allow_duplicate_inputs = \"yes\"\n")
        XCTAssertEqual(try Binary.run(["split", "--config", bad], in: scratch.url).status, 78)
    }

    /// Files with the same header and no rows add nothing: not refused.
    func testHeaderOnlyInputsWithTheSameHeaderAreNotDuplicates() throws {
        let header = String(try String(contentsOfFile: extract, encoding: .utf8).prefix { $0 != "\n" }) + "\n"
        scratch.write("empty1.csv", header)
        scratch.write("empty2.csv", header)
        let result = try split(["--out", "o", "--quiet", "empty1.csv", "empty2.csv"])
        XCTAssertEqual(result.status, 0, result.err)
    }

    // MARK: - Pipes are read exactly once, and waiting on one can be interrupted (case 2)

    /// A generated 20,000-row contract-monitoring extract, and a split of it as a plain
    /// file to compare with.
    func generatedExtract() throws -> String {
        let generated = try Binary.run(
            ["generate", "--shape", "slam", "--rows", "20000", "--seed", "15", "--contracts", "12", "--output", scratch.path("s.csv")])
        XCTAssertEqual(generated.status, 0, generated.err)
        XCTAssertEqual(try split(["--out", "plain", "--quiet", "s.csv"]).status, 0)
        return scratch.path("s.csv")
    }

    /// Whether `out` holds the same split files, summary and control totals as `plain`.
    func sameSplit(_ out: String, as plain: String = "plain") throws -> Bool {
        let enumerator = FileManager.default.enumerator(atPath: scratch.path(plain))
        var compared = 0
        while let name = enumerator?.nextObject() as? String {
            // quality.csv and migration-rows.csv name the input as given, which differs by design.
            guard name.hasSuffix(".csv"), !["rejects.csv", "quality.csv", "migration-rows.csv"].contains(name) else { continue }
            guard scratch.read(out + "/" + name) == scratch.read(plain + "/" + name) else { return false }
            compared += 1
        }
        return compared > 10
    }

    /// Issue 15, case 2: an input that is a pipe (process substitution, `/dev/stdin`, `-`)
    /// is read once: every row counted and split, none lost to a second opening.
    func testPipedInputsAreReadOnceWithEveryRow() throws {
        _ = try generatedExtract()
        for (what, command) in [
            ("process substitution", "split --rules '\(rules)' --out sub --quiet <(cat s.csv)"),
            ("/dev/stdin from a pipe", "split --rules '\(rules)' --out devstdin --quiet /dev/stdin < <(cat s.csv)"),
            ("- from a pipe", "split --rules '\(rules)' --out dash --quiet - < <(cat s.csv)"),
            ("- from a file", "split --rules '\(rules)' --out dashfile --quiet - < s.csv"),
            ("/dev/stdin from a file", "split --rules '\(rules)' --out devfile --quiet /dev/stdin < s.csv"),
        ] {
            let result = try Binary.shell("\"$SPECSPLIT\" \(command)", in: scratch.url)
            XCTAssertEqual(result.status, 0, "\(what): \(result.err)")
            let out = String(command.split(separator: " ")[4])
            XCTAssertEqual(rowsRead(out), "20000", "\(what): every row read")
            XCTAssertTrue(try sameSplit(out), "\(what): the same split as the plain file")
        }
    }

    /// Issue 15, case 2: a FIFO whose writer comes later is waited for, then read once.
    func testAFIFOIsWaitedForAndReadOnce() throws {
        let input = try generatedExtract()
        XCTAssertEqual(mkfifo(scratch.path("fifo.csv"), 0o644), 0)
        let script = """
            timeout -s KILL 30 "$SPECSPLIT" split --rules '\(rules)' --out fifo --quiet fifo.csv & pid=$!
            sleep 0.5
            cat '\(input)' > fifo.csv
            wait $pid
            echo "status=$?"
            """
        let result = try Binary.shell(script, in: scratch.url)
        XCTAssertTrue(result.out.contains("status=0"), result.out + result.err)
        XCTAssertEqual(rowsRead("fifo"), "20000")
        XCTAssertTrue(try sameSplit("fifo"))
    }

    /// Issue 15, case 2: waiting on a FIFO that nobody opens, or whose writer says nothing,
    /// ends at SIGTERM (143, nothing published) instead of blocking forever (`timeout`
    /// ends a split that hangs, with 137).
    func testWaitingOnAFIFOEndsAtSIGTERM() throws {
        XCTAssertEqual(mkfifo(scratch.path("fifo.csv"), 0o644), 0)
        let header = String(try String(contentsOfFile: extract, encoding: .utf8).prefix(2000))
        for (what, writer) in [
            ("no writer", ""),
            ("a silent writer", "exec 3>fifo.csv; printf '%s' '\(header)' >&3"),
        ] {
            let script = """
                timeout -s KILL 20 "$SPECSPLIT" split --rules '\(rules)' --out o --quiet fifo.csv 2>err.txt & pid=$!
                \(writer)
                sleep 1
                kill -TERM $pid  # timeout passes it on to the split
                wait $pid; status=$?
                exec 3>&-
                echo "status=$status"
                """
            let result = try Binary.shell(script, in: scratch.url)
            XCTAssertTrue(result.out.contains("status=143"), "\(what): \(result.out) \(scratch.read("err.txt") ?? "")")
            XCTAssertTrue(scratch.read("err.txt")?.contains("interrupted by signal 15") ?? false, "\(what): \(scratch.read("err.txt") ?? "")")
            XCTAssertFalse(scratch.exists("o"), what)
            XCTAssertFalse(scratch.entries().contains { $0.hasPrefix(".o.staging-") }, "\(what): \(scratch.entries())")
        }
    }

    // MARK: - Nothing after the last gzip member is dropped (case 7)

    /// Issue 15, case 7: plain rows appended to a gzip file are an I/O error (74) naming
    /// the input and the byte offset where the gzip data ends, not silently dropped; gzip
    /// members one after another are still read whole.
    func testBytesAfterTheLastGzipMemberAreAnError() throws {
        _ = try copy("s1.csv")
        XCTAssertEqual(try Binary.shell("gzip -c s1.csv > t.csv.gz", in: scratch.url).status, 0)
        let size = try XCTUnwrap(FileManager.default.attributesOfItem(atPath: scratch.path("t.csv.gz"))[.size] as? Int)
        XCTAssertEqual(try Binary.shell("printf 'RJE,5PK,CT1,OPFA,710,WF02B,0,1,0.00,5.00,,,2012/13,201204\\n' >> t.csv.gz", in: scratch.url).status, 0)
        let result = try split(["--out", "o", "--quiet", "t.csv.gz"])
        XCTAssertEqual(result.status, 74, result.err)
        XCTAssertTrue(result.err.contains("t.csv.gz"), result.err)
        XCTAssertTrue(result.err.contains("offset \(size)"), "names the offset \(size): \(result.err)")
        XCTAssertFalse(scratch.exists("o"))

        XCTAssertEqual(try Binary.shell("gzip -c s1.csv > m.csv.gz; tail -n +2 s1.csv | gzip -c >> m.csv.gz", in: scratch.url).status, 0)
        let members = try split(["--out", "m", "--quiet", "m.csv.gz"])
        XCTAssertEqual(members.status, 0, members.err)
        XCTAssertEqual(rowsRead("m"), "800", "both members read")
        XCTAssertEqual(try Binary.shell("gzip -c s1.csv | head -c 3000 > cut.csv.gz", in: scratch.url).status, 0)
        let cut = try split(["--out", "c", "--quiet", "cut.csv.gz"])
        XCTAssertEqual(cut.status, 74, cut.err)
        XCTAssertTrue(cut.err.contains("truncated"), cut.err)
    }
}
