extension PackedCode {
    /// Packs a code that may be longer than 8 bytes (points of delivery such as
    /// `OPFUPSPNCL`): up to 8 bytes exactly as ``init(_:)``, longer codes as a 63-bit
    /// FNV-1a hash of their upper-cased bytes with the top bit set. ASCII codes never set
    /// the top bit, so a hashed code never equals a packed one. The normaliser should pack
    /// the `pod` field the same way for such codes to match.
    public init?(longCode text: some StringProtocol) {
        if let packed = PackedCode(text) {
            self = packed
            return
        }
        var hash = FNV1a.offsetBasis
        for var byte in text.utf8 {
            if byte >= 0x61 && byte <= 0x7A { byte -= 0x20 }
            hash = FNV1a.step(hash, byte)
        }
        self.init(raw: (hash >> 1) | (1 << 63))
    }

    /// True for a code longer than 8 bytes, packed by hash (it cannot be printed).
    public var isHashed: Bool { raw >> 63 == 1 }
}
