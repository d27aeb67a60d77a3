import XCTest

@testable import SpecSplit

/// The manifest's digests against published values (`sha256sum`, `xxh128sum`), however the
/// bytes are cut into pieces on the way.
final class ContentDigestTests: XCTestCase {
    let pattern = (0..<100_000).map { UInt8($0 * 7 % 251) }

    func digest(_ bytes: [UInt8], _ algorithm: DigestAlgorithm, pieces: [Int]) -> String {
        var digest = ContentDigest(algorithm)
        var start = 0
        var sizes = pieces.makeIterator()
        bytes.withUnsafeBytes { all in
            while start < all.count {
                let size = min(sizes.next() ?? all.count, all.count - start)
                digest.update(UnsafeRawBufferPointer(rebasing: all[start..<(start + size)]))
                start += size
            }
        }
        return digest.hex()
    }

    func testSHA256MatchesSha256sum() {
        XCTAssertEqual(digest([], .sha256, pieces: []), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(digest(Array("abc".utf8), .sha256, pieces: [1, 2]), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        for pieces in [[100_000], [1, 63, 64, 65, 4096, 70_000], [7, 7, 7]] {
            XCTAssertEqual(
                digest(pattern, .sha256, pieces: pieces), "96ad0ddabe9c733d4550fde750255a94806811029be67504bd9bd68e556686b9",
                "\(pieces)")
        }
    }

    func testXXH3MatchesXxh128sum() {
        XCTAssertEqual(digest([], .xxh3_128, pieces: []), "99aa06d3014798d86001c324468d497f")
        XCTAssertEqual(digest(Array("abc".utf8), .xxh3_128, pieces: [2, 1]), "06b05ab6733a618578af5f94892f3950")
        for pieces in [[100_000], [1, 63, 64, 65, 4096, 70_000], [7, 7, 7], [240, 241]] {
            XCTAssertEqual(digest(pattern, .xxh3_128, pieces: pieces), "70227b16fd5f74ef17a701075a95b432", "\(pieces)")
        }
    }

    func testTheDigestCanBeReadAndThenGoOn() {
        for algorithm in DigestAlgorithm.allCases {
            var digest = ContentDigest(algorithm)
            Array("ab".utf8).withUnsafeBytes { digest.update($0) }
            _ = digest.hex()
            Array("c".utf8).withUnsafeBytes { digest.update($0) }
            XCTAssertEqual(digest.hex(), Array("abc".utf8).withUnsafeBytes { ContentDigest.hex(of: $0, algorithm) }, "\(algorithm)")
        }
    }
}
