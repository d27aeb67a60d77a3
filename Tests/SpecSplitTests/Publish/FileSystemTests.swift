import Foundation
import TestSupport
import XCTest

@testable import SpecSplit

/// The one funnel for files a run creates: never over what is there, never through a link.
final class FileSystemTests: XCTestCase {
    let dir = TemporaryDirectory()

    func testCreateRefusesAnExistingFileAndAPlantedLinkAndFollowsNeither() throws {
        dir.write("victim", "precious\n")
        XCTAssertEqual(symlink(dir.path("victim"), dir.path("link")), 0)
        XCTAssertEqual(symlink(dir.path("nowhere"), dir.path("dangling")), 0)
        for name in ["victim", "link", "dangling"] {
            XCTAssertThrowsError(try FileSystem.create(dir.path(name)), name) { error in
                XCTAssertEqual((error as? SpecSplitError)?.exitCode, 73, "\(error)")
            }
        }
        XCTAssertEqual(dir.read("victim"), "precious\n")
        XCTAssertFalse(dir.exists("nowhere"), "a dangling link's target is not created")
        let fd = try FileSystem.create(dir.path("new"))
        close(fd)
        XCTAssertTrue(dir.exists("new"))
        let other = try FileSystem.create(dir.path("cloexec"))
        defer { close(other) }
        XCTAssertEqual(fcntl(other, F_GETFD) & FD_CLOEXEC, FD_CLOEXEC, "not inherited by child processes")
    }

    func testReopenRefusesALink() throws {
        dir.write("victim", "precious\n")
        XCTAssertEqual(symlink(dir.path("victim"), dir.path("link")), 0)
        XCTAssertThrowsError(try FileSystem.reopen(dir.path("link")))
    }

    func testMakeDirectoryRefusesALinkToADirectoryEvenWhenAnExistingOneIsFine() throws {
        try FileManager.default.createDirectory(atPath: dir.path("elsewhere"), withIntermediateDirectories: true)
        XCTAssertEqual(symlink(dir.path("elsewhere"), dir.path("linked")), 0)
        XCTAssertThrowsError(try FileSystem.makeDirectory(dir.path("linked"), existingIsFine: true))
        try FileSystem.makeDirectory(dir.path("real"))
        try FileSystem.makeDirectory(dir.path("real"), existingIsFine: true)
        XCTAssertThrowsError(try FileSystem.makeDirectory(dir.path("real")))
    }

    /// A file put in place replaces a link planted at its path instead of writing through
    /// it, and leaves no temporary file; a device is written to as it is.
    func testReplaceFileReplacesALinkAndWritesThroughADevice() throws {
        dir.write("victim", "precious\n")
        XCTAssertEqual(symlink(dir.path("victim"), dir.path("copy.csv")), 0)
        try FileSystem.replaceFile(dir.path("copy.csv")) { fd in
            try Array("new\n".utf8).withUnsafeBytes { try FileSystem.writeAll(fd, $0, path: "copy.csv") }
        }
        XCTAssertEqual(dir.read("victim"), "precious\n")
        XCTAssertEqual(dir.read("copy.csv"), "new\n")
        XCTAssertEqual(dir.entries().sorted(), ["copy.csv", "victim"], "no temporary file left")
        try FileSystem.replaceFile("/dev/null") { fd in
            try Array("gone\n".utf8).withUnsafeBytes { try FileSystem.writeAll(fd, $0, path: "/dev/null") }
        }
        var info = stat()
        XCTAssertEqual(stat("/dev/null", &info), 0)
        XCTAssertEqual(info.st_mode & S_IFMT, S_IFCHR, "/dev/null is still a device")
    }

    func testTemporaryTokensAreUnpredictable() {
        let tokens = Set((0..<100).map { _ in FileSystem.randomToken() })
        XCTAssertEqual(tokens.count, 100)
        XCTAssertTrue(tokens.allSatisfy { $0.count == 16 })
    }
}
