import Crypto

extension SHA256.Digest {
    /// The digest as lower-case hex, as `sha256sum` prints it.
    package var hex: String { Hex.lowercase(self) }
}
