import Foundation
import TestSupport
import XCTest

/// Writes that fail after the work is done (standard output full or closed, a summary file
/// that cannot be written) are errors with a message and exit 74, never a crash or a 0;
/// and a split says its output was published when only the summary failed.
final class StandardOutputTests: XCTestCase {
    let scratch = Scratch()
    let rules = Binary.root.appendingPathComponent("sample-data/rules/2012-13").path
    let extract = Binary.root.appendingPathComponent("sample-data/extracts/contract-monitoring.csv").path

    /// A device like /dev/full (every write fails with ENOSPC) inside the scratch
    /// directory, so nothing a test does can touch the machine's own /dev/full.
    func fullDevice() throws -> String {
        let path = scratch.path("full")
        let made = try Binary.shell("mknod full c 1 7 && chmod 666 full", in: scratch.url)
        guard made.status == 0, isDevice(path) else {
            throw XCTSkip("cannot make a device node here (needs root): \(made.err)")
        }
        return path
    }

    func isDevice(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFCHR
    }

    /// Issue 15, case 9: `--summary -` onto a full or closed standard output.
    func testSummaryToAFullOrClosedStandardOutputIs74AndSaysTheOutputWasPublished() throws {
        let full = try fullDevice()
        for (what, redirect) in [("full", "> '\(full)'"), ("closed", ">&-")] {
            let out = "o-\(what)"
            let result = try Binary.shell(
                "\"$SPECSPLIT\" split --rules '\(rules)' --out \(out) --summary - --quiet '\(extract)' \(redirect)", in: scratch.url)
            XCTAssertFalse(result.signalled, "\(what): no crash: \(result.err)")
            XCTAssertEqual(result.status, 74, "\(what): \(result.err)")
            XCTAssertTrue(result.err.contains("standard output"), "\(what): \(result.err)")
            XCTAssertTrue(result.err.contains("was published"), "\(what): \(result.err)")
            let manifest = try XCTUnwrap(FileManager.default.contents(atPath: scratch.path(out + "/manifest.json")), what)
            XCTAssertNoThrow(try JSONSerialization.jsonObject(with: manifest), "\(what): the published manifest is whole")
            XCTAssertTrue(scratch.read(out + "/rejects.csv")?.hasPrefix("source,line,") ?? false, "\(what): nothing went to the wrong file")
        }
    }

    /// Issue 15, case 9: `--summary` to a device that is full (or a full disk) is 74 after
    /// publication, and a device is written to, never replaced by a file.
    func testSummaryToAFullDeviceIs74AndTheDeviceIsLeftADevice() throws {
        let full = try fullDevice()
        let result = try Binary.run(["split", "--rules", rules, "--out", "o", "--summary", full, "--quiet", extract], in: scratch.url)
        XCTAssertEqual(result.status, 74, result.err)
        XCTAssertTrue(result.err.contains("No space left on device"), result.err)
        XCTAssertTrue(result.err.contains("was published"), result.err)
        XCTAssertTrue(isDevice(full), "the device is not replaced by a file")
        XCTAssertTrue(scratch.exists("o/manifest.json"))
    }

    /// Issue 15, case 9: every command that prints exits 74 with a message when standard
    /// output cannot take it.
    func testCommandsPrintingToAFullStandardOutputExit74() throws {
        let full = try fullDevice()
        for command in [
            "inspect '\(extract)'", "rules show '\(rules)'", "rules check '\(rules)'",
            "explain --rules '\(rules)' '\(extract)' --line 2",
            "rules diff '\(Binary.root.appendingPathComponent("sample-data/rules/2011-12").path)' '\(rules)'",
            "rules mapping",
        ] {
            let result = try Binary.shell("\"$SPECSPLIT\" \(command) > '\(full)'", in: scratch.url)
            XCTAssertEqual(result.status, 74, "\(command): \(result.err)")
            XCTAssertTrue(result.err.contains("standard output") && result.err.contains("No space left on device"), "\(command): \(result.err)")
        }
        XCTAssertTrue(isDevice(full))
    }
}
