import Foundation
import TestSupport
import XCTest

/// What a split writes never lands on what the user owns: inputs, the rule set, files
/// reached through planted links, or directories `--force` was not meant for; and rejected
/// records stay with the run that made them.
final class OutputSafetyTests: XCTestCase {
    let scratch = Scratch()
    let sampleRules = Binary.root.appendingPathComponent("sample-data/rules/2012-13").path
    let extract = Binary.root.appendingPathComponent("sample-data/extracts/contract-monitoring.csv").path

    /// A fresh copy of the sample rule set inside the scratch directory (tests may damage it).
    func rulesCopy(_ name: String = "rules") throws -> String {
        let path = scratch.path(name)
        try? FileManager.default.removeItem(atPath: path)
        try FileManager.default.copyItem(atPath: sampleRules, toPath: path)
        return path
    }

    /// A copy of the contract-monitoring sample extract.
    func input(_ name: String = "x.csv") throws -> String {
        let path = scratch.path(name)
        try? FileManager.default.removeItem(atPath: path)
        try FileManager.default.copyItem(atPath: extract, toPath: path)
        return path
    }

    /// The sample extract with `bad` rows whose price is not a number appended.
    func inputWithRejects(_ name: String, bad: Int) throws -> String {
        var text = try String(contentsOfFile: extract, encoding: .utf8)
        for index in 0..<bad { text += "RJE,5PK,CT9\(index),OPFA,710,WF02B,0,1,0.00,n/a,,,2012/13,201204\n" }
        return scratch.write(name, text)
    }

    func split(_ arguments: [String], rules: String? = nil) throws -> Binary.Result {
        try Binary.run(["split", "--rules", rules ?? sampleRules, "--quiet"] + arguments, in: scratch.url)
    }

    func contents(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }

    /// The JSON object in `path`.
    func json(_ path: String) throws -> [String: Any] {
        let data = try XCTUnwrap(contents(path), path)
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any], path)
    }

    /// The sha256 of `path`, hex.
    func sha256(_ path: String) throws -> String {
        let result = try Binary.shell("sha256sum '\(path)' | cut -d' ' -f1", in: scratch.url)
        return result.out.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    // MARK: - Rejects belong with the run that made them (case 3)

    /// Issue 15, case 3: a published run's rejected records are inside OUT, as
    /// `rejects.csv`, listed and hashed in the manifest; nothing is written beside OUT.
    func testRejectsArePublishedInsideTheOutputAndListedInTheManifest() throws {
        let result = try split(["--out", "o", "--max-rejects", "2", try inputWithRejects("in.csv", bad: 2)])
        XCTAssertEqual(result.status, 0, result.err)
        let rejects = try XCTUnwrap(scratch.read("o/rejects.csv"), "rejects.csv inside OUT")
        XCTAssertEqual(rejects.split(separator: "\n").count, 3, rejects)
        XCTAssertTrue(rejects.contains("in.csv,402,\"value is not a number: \"\"n/a\"\""), rejects)
        let outputs = try XCTUnwrap(try json(scratch.path("o/manifest.json"))["outputs"] as? [[String: Any]])
        let listed = try XCTUnwrap(outputs.first { $0["path"] as? String == "rejects.csv" }, "rejects.csv in the manifest")
        XCTAssertEqual(listed["rows"] as? Int, 2)
        XCTAssertEqual(listed["sha256"] as? String, try sha256(scratch.path("o/rejects.csv")))
        XCTAssertFalse(scratch.exists("o.rejects.csv"), "nothing beside OUT: \(scratch.entries())")
        XCTAssertFalse(scratch.exists("o.failed"))
    }

    /// Issue 15, case 3: a failed run leaves OUT (and the rejects published with it) as it
    /// was; its own rejects, quality file and reason are in `OUT.failed/`, which the next
    /// failure replaces and the next success removes.
    func testAFailedRunKeepsItsRejectsInOUTFailedAndLeavesTheOutputAlone() throws {
        XCTAssertEqual(try split(["--out", "o", "--max-rejects", "1", try inputWithRejects("one.csv", bad: 1)]).status, 0)
        let before = try XCTUnwrap(contents(scratch.path("o/manifest.json")))
        let publishedRejects = try XCTUnwrap(scratch.read("o/rejects.csv"))

        let failed = try split(["--out", "o", "--force", "--max-rejects", "1", try inputWithRejects("three.csv", bad: 3)])
        XCTAssertEqual(failed.status, 65, failed.err)
        XCTAssertEqual(contents(scratch.path("o/manifest.json")), before, "OUT untouched")
        XCTAssertEqual(scratch.read("o/rejects.csv"), publishedRejects, "the published run's rejects are kept")
        XCTAssertTrue(failed.err.contains(scratch.path("o.failed/rejects.csv")), failed.err)
        let kept = try XCTUnwrap(scratch.read("o.failed/rejects.csv"), "the failed run's rejects: \(scratch.entries())")
        XCTAssertEqual(kept.split(separator: "\n").count, 4, kept)
        XCTAssertTrue(kept.contains("three.csv,"), kept)
        XCTAssertTrue(scratch.exists("o.failed/quality.csv"))
        let status = try json(scratch.path("o.failed/status.json"))
        XCTAssertEqual(status["tool"] as? String, "specsplit")
        XCTAssertEqual(status["exit_status"] as? Int, 65)
        XCTAssertTrue((status["error"] as? String)?.contains("more than --max-rejects 1") ?? false, "\(status)")
        XCTAssertFalse(scratch.exists("o.failed/contracts"), "no half-written split files are kept")
        XCTAssertFalse(scratch.entries().contains { $0.contains("staging") || $0.contains("partial") }, "\(scratch.entries())")

        let again = try split(["--out", "o", "--force", "--max-rejects", "1", try inputWithRejects("two.csv", bad: 2)])
        XCTAssertEqual(again.status, 65, again.err)
        let replaced = try XCTUnwrap(scratch.read("o.failed/rejects.csv"))
        XCTAssertTrue(replaced.contains("two.csv,") && !replaced.contains("three.csv,"), "the earlier failure is replaced: \(replaced)")

        let success = try split(["--out", "o", "--force", try input()])
        XCTAssertEqual(success.status, 0, success.err)
        XCTAssertFalse(scratch.exists("o.failed"), "a successful run removes the earlier failure")
        XCTAssertEqual(scratch.read("o/rejects.csv"), "source,line,reason,column,record,lines,contract\n")
    }

    /// Issue 15, case 3: `--rejects PATH` writes a copy there too, on success and on failure.
    func testRejectsCopyIsWrittenOnSuccessAndOnFailure() throws {
        let input = try inputWithRejects("in.csv", bad: 2)
        let ok = try split(["--out", "o", "--max-rejects", "2", "--rejects", "copy.csv", input])
        XCTAssertEqual(ok.status, 0, ok.err)
        XCTAssertEqual(scratch.read("copy.csv"), scratch.read("o/rejects.csv"))

        let failed = try split(["--out", "o", "--force", "--rejects", "copy2.csv", input])
        XCTAssertEqual(failed.status, 65, failed.err)
        XCTAssertEqual(scratch.read("copy2.csv"), scratch.read("o.failed/rejects.csv"))
        XCTAssertNotNil(scratch.read("copy2.csv"))
    }

    // MARK: - Nothing is written over an input or the rule set (case 1)

    /// Issue 15, case 1: an output path that is, or is inside, an input or the rule set is
    /// refused with 64 before anything is written, whatever name reaches it.
    func testAnOutputPathThatIsAnInputOrTheRuleSetIsRefusedBeforeAnythingIsWritten() throws {
        let original = try XCTUnwrap(contents(extract))
        // A fresh input (and links to it) for each case, so one case's damage hides no other.
        func fresh() throws -> String {
            let x = try input()
            for name in ["hard.csv", "soft.csv"] { try? FileManager.default.removeItem(atPath: scratch.path(name)) }
            XCTAssertEqual(link(x, scratch.path("hard.csv")), 0)
            XCTAssertEqual(symlink(x, scratch.path("soft.csv")), 0)
            return x
        }
        let cases: [(String, [String])] = [
            ("--rejects is the input", ["--out", "o", "--rejects", "x.csv", "x.csv"]),
            ("--rejects names it another way", ["--out", "o", "--rejects", "./sub/../x.csv", "x.csv"]),
            ("--rejects is a hard link to it", ["--out", "o", "--rejects", "hard.csv", "x.csv"]),
            ("--rejects is a symbolic link to it", ["--out", "o", "--rejects", "soft.csv", "x.csv"]),
            ("--summary is the input", ["--out", "o", "--summary", "x.csv", "x.csv"]),
            ("OUT is the input", ["--out", "x.csv", "--force", "x.csv"]),
            ("OUT is the input through a link", ["--out", "soft.csv", "--force", "x.csv"]),
        ]
        try FileManager.default.createDirectory(atPath: scratch.path("sub"), withIntermediateDirectories: true)
        for (what, arguments) in cases {
            let x = try fresh()
            try? FileManager.default.removeItem(atPath: scratch.path("o"))
            let result = try split(arguments)
            XCTAssertEqual(result.status, 64, "\(what): \(result.err)")
            XCTAssertEqual(contents(x), original, "\(what): the input is untouched")
            XCTAssertFalse(scratch.exists("o"), "\(what): nothing is written")
            XCTAssertFalse(scratch.exists("o.lock"), "\(what): nothing is written")
        }
        let rulesFile = try XCTUnwrap(contents(sampleRules + "/rules.csv"))
        for (what, arguments) in [
            ("OUT is the rule set", ["--out", "rules", "--force", "x.csv"]),
            ("OUT is inside the rule set", ["--out", "rules/out", "x.csv"]),
            ("--rejects is inside the rule set", ["--out", "o", "--rejects", "rules/rejects.csv", "x.csv"]),
            ("--summary is a file of the rule set", ["--out", "o", "--summary", "rules/rules.csv", "x.csv"]),
        ] {
            _ = try fresh()
            try? FileManager.default.removeItem(atPath: scratch.path("o"))
            let rules = try rulesCopy()
            let result = try split(arguments, rules: rules)
            XCTAssertEqual(result.status, 64, "\(what): \(result.err)")
            XCTAssertTrue(result.err.contains("rule set"), "\(what): \(result.err)")
            XCTAssertEqual(contents(rules + "/rules.csv"), rulesFile, "\(what): the rule set is untouched")
            XCTAssertFalse(scratch.exists("rules/out") || scratch.exists("rules/rejects.csv") || scratch.exists("o"), what)
        }
        _ = try fresh()
        try? FileManager.default.removeItem(atPath: scratch.path("o"))
        let refused = try split(["--out", "o", "--rejects", "x.csv", "x.csv"])
        XCTAssertTrue(refused.err.contains("--rejects") && refused.err.contains("x.csv") && refused.err.contains("input"), refused.err)
    }

    /// Issue 15, case 1: an input inside OUT would be removed when `--force` replaces OUT.
    func testAnInputInsideTheOutputIsRefused() throws {
        XCTAssertEqual(try split(["--out", "prev", try input()]).status, 0)
        let inside = scratch.path("prev/in.csv")
        try FileManager.default.copyItem(atPath: extract, toPath: inside)
        let result = try split(["--out", "prev", "--force", inside])
        XCTAssertEqual(result.status, 64, result.err)
        XCTAssertTrue(result.err.contains("inside"), result.err)
        XCTAssertEqual(contents(inside), contents(extract), "the input is still there")
    }

    /// Issue 15, case 1: an input that happens to have the name of the old default rejects
    /// file (`OUT.rejects.csv`) is read, never overwritten.
    func testAnInputNamedLikeTheRejectsFileIsNotOverwritten() throws {
        let named = try input("o.rejects.csv")
        let result = try split(["--out", "o", named])
        XCTAssertEqual(contents(named), contents(extract), "the input is untouched: \(result.err)")
        XCTAssertEqual(result.status, 0, result.err)
        XCTAssertTrue(scratch.read("o/control-totals.csv")?.contains("ALL,,,rows,400,") ?? false, "every row split")
    }

    /// Issue 15, case 3: a `--rejects` path inside OUT would be written into the old output
    /// and removed with it when the run replaces OUT: refused.
    func testARejectsPathInsideTheOutputIsRefused() throws {
        let input = try inputWithRejects("in.csv", bad: 2)
        XCTAssertEqual(try split(["--out", "o", "--max-rejects", "2", input]).status, 0)
        let before = scratch.read("o/rejects.csv")
        let inside = try split(["--out", "o", "--force", "--max-rejects", "2", "--rejects", "o/rejects.csv", input])
        XCTAssertEqual(inside.status, 64, inside.err)
        XCTAssertTrue(inside.err.contains("inside"), inside.err)
        XCTAssertEqual(scratch.read("o/rejects.csv"), before)
        let deeper = try split(["--out", "o", "--force", "--max-rejects", "2", "--rejects", "o/contracts/r.csv", input])
        XCTAssertEqual(deeper.status, 64, deeper.err)
    }

    /// Issue 15, case 1: the scheduler's status file (`--status`, or `status` in a config
    /// file) is an output path too: on an input, on the rule set or inside OUT it is refused
    /// with 64 before anything, the status file included, is written.
    func testAStatusFileOnAnInputOrTheRuleSetOrInsideTheOutputIsRefused() throws {
        let original = try XCTUnwrap(contents(extract))
        XCTAssertEqual(try split(["--out", "prev", try input()]).status, 0)
        let published = scratch.read("prev/manifest.json")
        for (what, arguments) in [
            ("--status is the input", ["--out", "o", "--status", "x.csv", "x.csv"]),
            ("--status is a link to the input", ["--out", "o", "--status", "soft.csv", "x.csv"]),
            ("--status is a file of the rule set", ["--out", "o", "--status", "rules/rules.csv", "x.csv"]),
            ("--status is inside OUT", ["--out", "prev", "--force", "--status", "prev/job.status", "x.csv"]),
        ] {
            let x = try input()
            try? FileManager.default.removeItem(atPath: scratch.path("soft.csv"))
            XCTAssertEqual(symlink(x, scratch.path("soft.csv")), 0)
            let rules = try rulesCopy()
            let rulesFile = try XCTUnwrap(contents(rules + "/rules.csv"))
            let result = try split(arguments, rules: rules)
            XCTAssertEqual(result.status, 64, "\(what): \(result.err)")
            XCTAssertTrue(result.err.contains("--status"), "\(what): \(result.err)")
            XCTAssertEqual(contents(x), original, "\(what): the input is untouched")
            XCTAssertEqual(contents(rules + "/rules.csv"), rulesFile, "\(what): the rule set is untouched")
            XCTAssertFalse(scratch.exists("o"), "\(what): nothing is written")
            XCTAssertFalse(scratch.exists("prev/job.status"), "\(what): no status inside OUT")
            XCTAssertTrue(scratch.read("prev/manifest.json") == published, "\(what): the published output is untouched")
        }
        let x = try input()
        let config = scratch.write(
            "job.toml", "rules = \"\(sampleRules)\"\nout = \"o\"\ninputs = [\"x.csv\"]\nstatus = \"x.csv\"\nquiet = true\n")
        let configured = try Binary.run(["split", "--config", config], in: scratch.url)
        XCTAssertEqual(configured.status, 64, configured.err)
        XCTAssertTrue(configured.err.contains("--status") && configured.err.contains("input"), configured.err)
        XCTAssertEqual(contents(x), original, "status in the config file: the input is untouched")
        XCTAssertFalse(scratch.exists("o"))
    }

    // MARK: - --force replaces only an earlier specsplit output (case 4)

    /// Issue 15, case 4: `--force` replaces an earlier specsplit output (its manifest names
    /// the tool) or an empty directory; anything else is refused with 73, saying why and
    /// what to do, and left as it was.
    func testForceReplacesOnlyAnEarlierOutputOrAnEmptyDirectory() throws {
        let x = try input()
        scratch.write("here/notes.txt", "mine\n")
        let dot = try Binary.run(["split", "--rules", sampleRules, "--out", ".", "--force", "--quiet", x], in: URL(fileURLWithPath: scratch.path("here")))
        XCTAssertEqual(dot.status, 73, dot.err)
        XCTAssertEqual(scratch.read("here/notes.txt"), "mine\n", "the current directory is untouched")
        XCTAssertTrue(dot.err.contains("--force replaces only"), dot.err)

        scratch.write("unrelated/a.txt", "a\n")
        scratch.write("unrelated/b/c.txt", "c\n")
        let unrelated = try split(["--out", "unrelated", "--force", x])
        XCTAssertEqual(unrelated.status, 73, unrelated.err)
        XCTAssertTrue(unrelated.err.contains("manifest.json"), "says why: \(unrelated.err)")
        XCTAssertTrue(unrelated.err.contains("move it away") || unrelated.err.contains("another --out"), "says what to do: \(unrelated.err)")
        XCTAssertEqual(scratch.read("unrelated/b/c.txt"), "c\n")

        scratch.write("foreign/manifest.json", "{\"tool\": \"something-else\"}\n")
        XCTAssertEqual(try split(["--out", "foreign", "--force", x]).status, 73)
        scratch.write("broken/manifest.json", "not json")
        XCTAssertEqual(try split(["--out", "broken", "--force", x]).status, 73)
        XCTAssertEqual(scratch.read("broken/manifest.json"), "not json")

        scratch.write("notes.txt", "a file\n")
        let file = try split(["--out", "notes.txt", "--force", x])
        XCTAssertEqual(file.status, 73, file.err)
        XCTAssertEqual(scratch.read("notes.txt"), "a file\n")
        XCTAssertTrue(file.err.contains("not a directory"), file.err)

        try FileManager.default.createDirectory(atPath: scratch.path("empty"), withIntermediateDirectories: true)
        XCTAssertEqual(try split(["--out", "empty", "--force", x]).status, 0, "an empty directory is replaced")
        XCTAssertTrue(scratch.exists("empty/manifest.json"))
        let again = try split(["--out", "empty", "--force", x])
        XCTAssertEqual(again.status, 0, "an earlier output is replaced: \(again.err)")
        XCTAssertFalse(scratch.entries().contains { $0.contains("staging") }, "\(scratch.entries())")
    }

    // MARK: - Planted links redirect nothing (case 5)

    /// Issue 15, case 5: a symbolic link planted at `OUT.lock` in a shared directory is
    /// never followed: its target is not created, and the run says why.
    func testALinkPlantedAtTheLockIsNotFollowed() throws {
        let x = try input()
        XCTAssertEqual(symlink(scratch.path("victim"), scratch.path("o.lock")), 0)
        let result = try split(["--out", "o", x])
        XCTAssertFalse(scratch.exists("victim"), "the link's target is not created")
        XCTAssertEqual(result.status, 73, result.err)
        XCTAssertTrue(result.err.contains("o.lock") && result.err.contains("symbolic link"), result.err)
        XCTAssertFalse(scratch.exists("o"))
    }

    /// Issue 15, case 5: the staging directory's name cannot be guessed (no process id), and
    /// a link planted inside it while the run waits for input is never written through:
    /// every file is created with O_EXCL | O_NOFOLLOW, so the run stops with 73 instead.
    func testStagingNamesAreUnpredictableAndLinksPlantedInsideAreNotFollowed() throws {
        // More than a read buffer of rows, so the header is read whatever the reader's buffering.
        var text = try String(contentsOfFile: extract, encoding: .utf8)
        let rows = text.split(separator: "\n", omittingEmptySubsequences: false).dropFirst().joined(separator: "\n")
        for _ in 0..<30 { text += rows }
        let big = scratch.write("big.csv", text)
        scratch.write("victim", "precious\n")
        XCTAssertEqual(mkfifo(scratch.path("pipe.csv"), 0o644), 0)
        let script = """
            trap '' PIPE
            timeout -s KILL 60 "$SPECSPLIT" split --rules '\(sampleRules)' --out o --max-rejects 1000000 --quiet pipe.csv 2>err.txt & pid=$!
            exec 3>pipe.csv
            head -c 400000 '\(big)' >&3
            for i in $(seq 1 200); do s=$(ls -a | grep '^\\.o\\.staging-' | head -n 1); [ -n "$s" ] && break; sleep 0.05; done
            [ -n "$s" ] || { echo "no staging directory"; exec 3>&-; kill -9 $pid; exit 1; }
            sleep 0.3
            echo "pid=$(pgrep -P $pid | head -n 1) staging=$s"
            for name in summary.csv control-totals.csv quality.csv; do ln -s "$PWD/victim" "$s/$name"; done
            tail -c +400001 '\(big)' >&3
            exec 3>&-
            wait $pid
            echo "status=$?"
            """
        let result = try Binary.shell(script, in: scratch.url)
        let line = result.out.split(separator: "\n").first { $0.hasPrefix("pid=") } ?? ""
        let fields = line.split(separator: " ")
        XCTAssertEqual(fields.count, 2, result.out + result.err)
        let pid = fields.first.map { String($0.dropFirst(4)) } ?? ""
        XCTAssertFalse(pid.isEmpty, "the split's process id: \(line)")
        let staging = fields.last.map { String($0.dropFirst(8)) } ?? ""
        XCTAssertTrue(staging.hasPrefix(".o.staging-"), "the run made a staging directory: \(result.out)")
        XCTAssertFalse(staging.contains(pid), "no process id in \(staging) (pid \(pid))")
        XCTAssertEqual(scratch.read("victim"), "precious\n", "nothing written through a planted link")
        XCTAssertTrue(result.out.contains("status=73"), result.out + (scratch.read("err.txt") ?? ""))
        XCTAssertTrue(scratch.read("err.txt")?.contains("already there") ?? false, scratch.read("err.txt") ?? "")
        XCTAssertFalse(scratch.exists("o"), "nothing published")
        let kept = (try? FileManager.default.contentsOfDirectory(atPath: scratch.path("o.failed"))) ?? []
        for name in kept {
            let attributes = try FileManager.default.attributesOfItem(atPath: scratch.path("o.failed/" + name))
            XCTAssertEqual(attributes[.type] as? FileAttributeType, .typeRegular, "\(name) kept in o.failed is a plain file")
        }
    }
}
