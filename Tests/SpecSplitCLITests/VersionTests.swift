import Foundation
import SpecSplit
import XCTest

/// End to end: `specsplit --version` traces a binary to its version and to the commit it was
/// built from, while manifests keep the plain version (the golden manifest checks that).
final class VersionTests: XCTestCase {
    func testVersionNamesTheManifestsVersionAndTheCommitBuilt() throws {
        let result = try Binary.run(["--version"])
        XCTAssertEqual(result.status, 0, result.err)
        let line = result.out.trimmingCharacters(in: .newlines)
        let prefix = SpecSplitVersion.current + " (commit "
        XCTAssertTrue(line.hasPrefix(prefix) && line.hasSuffix(")"), line)
        let commit = String(line.dropFirst(prefix.count).dropLast())
        let git = try Binary.shell("git rev-parse HEAD", in: Binary.root)
        if git.status == 0 {
            let head = git.out.trimmingCharacters(in: .whitespacesAndNewlines)
            XCTAssertTrue(commit == head || commit == head + "-dirty", "--version names \(commit), the checkout is at \(head)")
        } else {
            XCTAssertEqual(commit, "unknown", "built outside a git checkout")
        }
    }
}
