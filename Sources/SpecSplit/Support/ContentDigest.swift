import CXXHash
import Crypto

/// The digest a run records for each input and output file in its manifest.
///
/// SHA-256 is the default and what the manifest's `sha256` keys always hold. XXH3-128
/// (`--digest xxh3-128`) is much cheaper to compute (a narrow split spends about a seventh
/// of its CPU hashing with SHA-256) and detects any accidental change just as well, but it
/// is not cryptographic: it cannot prove that a file was not altered on purpose. With it the
/// `sha256` keys are empty and `xxh3_128` keys carry the digests (as `xxh128sum` prints them).
public enum DigestAlgorithm: String, Sendable, CaseIterable {
    case sha256 = "sha256"
    case xxh3_128 = "xxh3-128"
}

/// A digest computed as bytes stream past, then given as lower-case hex. A struct, so that
/// a SHA-256 digest (one per output file) allocates nothing; XXH3's state is memory the
/// library allocates, held by a small object only when that digest is chosen.
struct ContentDigest {
    private final class XXH3State {
        let state: OpaquePointer

        init() {
            guard let state = XXH3_createState() else { fatalError("out of memory for an XXH3 state") }
            XXH3_128bits_reset(state)
            self.state = state
        }

        deinit { XXH3_freeState(state) }
    }

    private var sha256: SHA256?
    private let xxh3: XXH3State?

    /// A digest of no bytes yet.
    init(_ algorithm: DigestAlgorithm) {
        switch algorithm {
        case .sha256:
            sha256 = SHA256()
            xxh3 = nil
        case .xxh3_128:
            sha256 = nil
            xxh3 = XXH3State()
        }
    }

    /// Which digest this is.
    var algorithm: DigestAlgorithm { xxh3 == nil ? .sha256 : .xxh3_128 }

    /// Adds `bytes` to what has been digested.
    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        if let xxh3 {
            _ = XXH3_128bits_update_dispatch(xxh3.state, bytes.baseAddress, bytes.count)
        } else {
            sha256!.update(bufferPointer: bytes)
        }
    }

    /// The digest of everything added, as hex (the digest can go on being updated).
    func hex() -> String {
        if let xxh3 {
            var canonical = XXH128_canonical_t()
            XXH128_canonicalFromHash(&canonical, XXH3_128bits_digest(xxh3.state))
            return withUnsafeBytes(of: &canonical.digest) { Hex.lowercase($0) }
        }
        return sha256!.finalize().hex
    }

    /// The digest of `bytes` alone.
    static func hex(of bytes: UnsafeRawBufferPointer, _ algorithm: DigestAlgorithm) -> String {
        var digest = ContentDigest(algorithm)
        digest.update(bytes)
        return digest.hex()
    }
}

/// Lower-case hex, as `sha256sum` and `xxh128sum` print digests.
enum Hex {
    static func lowercase(_ bytes: some Sequence<UInt8>) -> String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(64)  // one allocation for either digest (32 bytes at most)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
