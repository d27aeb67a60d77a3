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
        // A plain `swift build` cannot know the commit; scripts/build-release.sh tells it
        // (scripts/test-package.sh checks the packaged binary names HEAD).
        guard commit != "unknown" else { return }
        let head = try Binary.shell("git rev-parse HEAD", in: Binary.root).out.trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertTrue(commit == head || commit == head + "-dirty", "--version names \(commit), the checkout is at \(head)")
    }
}
