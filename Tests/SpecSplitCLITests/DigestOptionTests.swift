import CXXHash
import Foundation
import TestSupport
import XCTest

/// `--digest xxh3-128` (config: `digest`): the same split, each file in the manifest listed
/// by its XXH3-128 (computed here by libxxhash itself) with an empty `sha256`, and a
/// manifest that says which digest it holds.
final class DigestOptionTests: XCTestCase {
    let scratch = Scratch()
    let expected = Binary.root.appendingPathComponent("sample-data/expected")

    /// XXH3-128 of the file at `path`, as `xxh128sum` prints it.
    func xxh3(_ path: String) throws -> String {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let hash = data.withUnsafeBytes { XXH3_128bits($0.baseAddress, $0.count) }
        var canonical = XXH128_canonical_t()
        XXH128_canonicalFromHash(&canonical, hash)
        return withUnsafeBytes(of: &canonical.digest) { $0.map { String(format: "%02x", $0) }.joined() }
    }

    func manifest(_ directory: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: scratch.path(directory + "/manifest.json")))
        return try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    func testXXH3ListsEveryFileByItsDigestAndChangesNothingElse() throws {
        let result = try Binary.run(
            ["split", "--rules", "sample-data/rules/2012-13", "--out", scratch.path("out"), "--quiet", "--report",
             "--digest", "xxh3-128"] + SampleDataTests.inputs)
        XCTAssertEqual(result.status, 0, result.err)
        let manifest = try manifest("out")
        XCTAssertEqual(manifest["digest"] as? String, "xxh3-128")
        let outputs = try XCTUnwrap(manifest["outputs"] as? [[String: Any]])
        XCTAssertGreaterThan(outputs.count, 100)
        for output in outputs {
            let path = try XCTUnwrap(output["path"] as? String)
            XCTAssertEqual(output["sha256"] as? String, "", path)
            XCTAssertEqual(output["xxh3_128"] as? String, try xxh3(scratch.path("out/" + path)), path)
            if !path.hasPrefix("report/") {
                XCTAssertEqual(
                    try Data(contentsOf: URL(fileURLWithPath: scratch.path("out/" + path))),
                    try Data(contentsOf: expected.appendingPathComponent(path)), "\(path): the split itself does not change")
            }
        }
        XCTAssertTrue(outputs.contains { ($0["path"] as? String)?.hasPrefix("report/") == true }, "the report is listed too")
        let inputs = try XCTUnwrap(manifest["inputs"] as? [[String: Any]])
        XCTAssertEqual(inputs.count, SampleDataTests.inputs.count)
        for input in inputs {
            let path = try XCTUnwrap(input["path"] as? String)
            XCTAssertEqual(input["sha256"] as? String, "", path)
            XCTAssertEqual(input["xxh3_128"] as? String, try xxh3(Binary.root.appendingPathComponent(path).path), path)
        }
    }

    func testTheDefaultManifestSaysSHA256AndHasNoXXH3Keys() throws {
        let result = try Binary.run(
            ["split", "--rules", "sample-data/rules/2012-13", "--out", scratch.path("out"), "--quiet", SampleDataTests.inputs[1]])
        XCTAssertEqual(result.status, 0, result.err)
        let manifest = try manifest("out")
        XCTAssertEqual(manifest["digest"] as? String, "sha256")
        for entry in (manifest["outputs"] as? [[String: Any]] ?? []) + (manifest["inputs"] as? [[String: Any]] ?? []) {
            XCTAssertEqual((entry["sha256"] as? String)?.count, 64, "\(entry)")
            XCTAssertNil(entry["xxh3_128"], "\(entry)")
        }
    }

    /// A comparison takes the key from its config file; a digest no one knows is refused
    /// (a config error; a usage error for the flag) that names the key and the choices, before
    /// anything is read.
    func testTheConfigKeyIsReadAndAnUnknownDigestRefused() throws {
        let config = scratch.write("job.toml", CompareCommandTests.sampleYearsConfig("digest = \"xxh3-128\""))
        let result = try Binary.run(["compare", "--config", config])
        XCTAssertEqual(result.status, 0, result.err)
        let manifest = try manifest("out")
        XCTAssertEqual(manifest["digest"] as? String, "xxh3-128")
        for output in manifest["outputs"] as? [[String: Any]] ?? [] {
            let path = try XCTUnwrap(output["path"] as? String)
            XCTAssertEqual(output["xxh3_128"] as? String, try xxh3(scratch.path("out/" + path)), path)
        }

        let wrong = scratch.write("wrong.toml", "digest = \"md5\"\n")
        let refused = try Binary.run(
            ["split", "--config", wrong, "--rules", "sample-data/rules/2012-13", "--out", scratch.path("o"), SampleDataTests.inputs[1]])
        XCTAssertEqual(refused.status, 78, "a config error, as for any other key")
        XCTAssertTrue(refused.err.contains("key digest: expected sha256 or xxh3-128"), refused.err)
        XCTAssertFalse(FileManager.default.fileExists(atPath: scratch.path("o")))
        let flag = try Binary.run(
            ["split", "--digest", "md5", "--rules", "sample-data/rules/2012-13", "--out", scratch.path("o"), SampleDataTests.inputs[1]])
        XCTAssertEqual(flag.status, 64)
        XCTAssertTrue(flag.err.contains("sha256") && flag.err.contains("xxh3-128"), flag.err)
    }
}
