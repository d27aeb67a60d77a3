/// Recognising and normalising the codes of an extract, byte by byte.
///
/// Codes are upper-cased, spaces and dots removed. An ICD-10 code keeps its first four
/// characters (`H04.7` and `H047` both become `H047`; `I60` stays `I60`, which a rule's
/// `I60X` matches); an OPCS-4 code its first four. A code that is not shaped like its
/// classification is left out of the row's list and counted in the quality report.
public enum CodeShapes {
    @inlinable static func isLetter(_ b: UInt8) -> Bool { b >= 0x41 && b <= 0x5A }
    @inlinable static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    @inlinable static func upper(_ b: UInt8) -> UInt8 { (b >= 0x61 && b <= 0x7A) ? b &- 0x20 : b }

    /// Packs `bytes` upper-cased without spaces and dots, at most `limit` bytes kept;
    /// returns nil when more than 8 bytes would remain.
    ///
    /// Inlined where it is called (a dozen times a row), its byte-at-a-time path apart.
    @inlinable @inline(__always)
    static func compact(_ bytes: UnsafeRawBufferPointer, limit: Int = 8) -> (code: PackedCode, length: Int, truncated: Bool)? {
        // Most codes are a few bytes with nothing to remove: a word at a time.
        if bytes.count <= min(limit, 8) {
            let word = word(bytes)
            let used: UInt64 = bytes.count == 8 ? .max : (1 &<< UInt64(bytes.count &* 8)) &- 1
            // Letters and digits are all above the dot (0x2E): one test clears most codes.
            if !ByteWord.hasByte(below: 0x2F, word, used)
                || (!hasByte(word, 0x20, used) && !hasByte(word, 0x2E, used) && !hasByte(word, 0x09, used))
            {
                return (PackedCode(raw: upperWord(word).byteSwapped), bytes.count, false)
            }
        }
        return compactBytes(bytes, limit: limit)
    }

    /// ``compact(_:limit:)`` a byte at a time: codes with spaces, dots or tabs, or longer
    /// than `limit`.
    @inlinable @inline(never)
    static func compactBytes(_ bytes: UnsafeRawBufferPointer, limit: Int) -> (code: PackedCode, length: Int, truncated: Bool)? {
        var raw: UInt64 = 0
        var count = 0
        var truncated = false
        for byte in bytes where byte != 0x20 && byte != 0x2E && byte != 0x09 {
            if count == limit {
                truncated = true
                continue
            }
            if count == 8 { return nil }
            raw |= UInt64(upper(byte)) << UInt64(56 - count * 8)
            count += 1
        }
        return (PackedCode(raw: raw), count, truncated)
    }

    /// The (at most 8) bytes of `bytes` as a number, the first byte lowest, zero above
    /// the last: two overlapping 4-byte loads, or three single bytes, never reading past
    /// the buffer.
    @inlinable @inline(__always)
    static func word(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        let count = bytes.count
        guard count > 0, let base = bytes.baseAddress else { return 0 }
        if count >= 4 {
            let low = UInt64(UInt32(littleEndian: base.loadUnaligned(as: UInt32.self)))
            let high = UInt64(UInt32(littleEndian: base.loadUnaligned(fromByteOffset: count &- 4, as: UInt32.self)))
            return low | high &<< UInt64((count &- 4) &* 8)
        }
        let first = UInt64(base.load(as: UInt8.self))
        let middle = UInt64(base.load(fromByteOffset: count >> 1, as: UInt8.self))
        let last = UInt64(base.load(fromByteOffset: count &- 1, as: UInt8.self))
        return first | middle &<< UInt64((count >> 1) &* 8) | last &<< UInt64((count &- 1) &* 8)
    }

    /// True when a byte of `word` under `used` (0xFF per byte in use) equals `byte`.
    @inlinable @inline(__always)
    static func hasByte(_ word: UInt64, _ byte: UInt8, _ used: UInt64) -> Bool {
        ByteWord.matches(byte, word) & used != 0
    }

    /// ``upper(_:)`` for each byte of `word` (bytes of 0x80 and above are left alone).
    @inlinable @inline(__always)
    static func upperWord(_ word: UInt64) -> UInt64 {
        let seven = word & 0x7F7F_7F7F_7F7F_7F7F
        let atLeastA = seven &+ 0x1F1F_1F1F_1F1F_1F1F  // high bit set from 0x61 (`a`)
        let pastZ = seven &+ 0x0505_0505_0505_0505  // high bit set from 0x7B (after `z`)
        let lower = atLeastA & ~pastZ & ~word & 0x8080_8080_8080_8080
        return word &- (lower >> 2)  // 0x80 >> 2 is 0x20
    }

    /// An ICD-10 code: a letter, two digits, then an optional digit or `X` (further
    /// characters such as a fifth digit or a dagger/asterisk mark are dropped). Returns
    /// `.empty` for an empty field and nil when the code is not shaped like ICD-10.
    @inlinable
    public static func icd10(_ bytes: UnsafeRawBufferPointer) -> PackedCode? {
        guard let (code, length, _) = compact(bytes, limit: 8) else { return nil }
        if length == 0 { return .empty }
        guard length >= 3, isLetter(code.byte(at: 0)), isDigit(code.byte(at: 1)), isDigit(code.byte(at: 2)) else { return nil }
        if length == 3 { return code }
        let fourth = code.byte(at: 3)
        if isDigit(fourth) || fourth == 0x58 { return code.prefix(4) }
        if fourth == 0x2D { return code.prefix(3) }  // `R69-`: a filler dash
        return nil
    }

    /// An OPCS-4 code: a letter and two or three digits (a fourth-level code has three).
    @inlinable
    public static func opcs4(_ bytes: UnsafeRawBufferPointer) -> PackedCode? {
        guard let (code, length, _) = compact(bytes, limit: 8) else { return nil }
        if length == 0 { return .empty }
        guard length == 3 || length == 4, isLetter(code.byte(at: 0)), isDigit(code.byte(at: 1)), isDigit(code.byte(at: 2)) else { return nil }
        if length == 4 && !isDigit(code.byte(at: 3)) { return nil }
        return code
    }

    /// An HRG code: two letters, two digits and a letter (`SB97Z`, `LA08E`, `UZ01Z`).
    @inlinable
    public static func hrg(_ bytes: UnsafeRawBufferPointer) -> PackedCode? {
        guard let (code, length, _) = compact(bytes, limit: 8) else { return nil }
        if length == 0 { return .empty }
        guard length == 5, isLetter(code.byte(at: 0)), isLetter(code.byte(at: 1)), isDigit(code.byte(at: 2)),
            isDigit(code.byte(at: 3)), isLetter(code.byte(at: 4))
        else { return nil }
        return code
    }

    /// An organisation code (provider or commissioner): 3 to 6 letters and digits. A
    /// 5-character NHS trust code ending `00` is its 3-character trust (`RJE00` is `RJE`).
    @inlinable
    public static func organisation(_ bytes: UnsafeRawBufferPointer) -> PackedCode? {
        guard let (code, length, _) = compact(bytes, limit: 8) else { return nil }
        if length == 0 { return .empty }
        guard length >= 3 && length <= 6 else { return nil }
        for i in 0..<length where !isLetter(code.byte(at: i)) && !isDigit(code.byte(at: i)) { return nil }
        if length == 5 && code.byte(at: 3) == 0x30 && code.byte(at: 4) == 0x30 { return code.prefix(3) }
        return code
    }

    /// True when ``organisation(_:)`` reads `bytes` as its first three characters: a
    /// 5-character code ending `00`.
    @inlinable
    public static func dropsSiteSuffix(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard bytes.count >= 5, let (code, length, _) = compact(bytes, limit: 8) else { return false }
        return length == 5 && code.byte(at: 3) == 0x30 && code.byte(at: 4) == 0x30
    }

    /// A GP practice code: a letter and five digits (`Y01234`, `V81999`).
    @inlinable
    public static func practice(_ bytes: UnsafeRawBufferPointer) -> PackedCode? {
        guard let (code, length, _) = compact(bytes, limit: 8) else { return nil }
        if length == 0 { return .empty }
        guard length == 6, isLetter(code.byte(at: 0)) else { return nil }
        for i in 1..<6 where !isDigit(code.byte(at: i)) { return nil }
        return code
    }

    /// A short code taken as it is (upper case, spaces removed): specialties, methods,
    /// sources, classifications, POD. Nil when longer than 8 bytes.
    @inlinable
    public static func plain(_ bytes: UnsafeRawBufferPointer) -> PackedCode? {
        compact(bytes, limit: 8)?.code
    }

    /// A code that may be longer than 8 bytes (points of delivery such as `OPFUPSPNCL`),
    /// upper case, spaces removed: packed when it fits, otherwise hashed exactly as
    /// ``PackedCode/init(longCode:)`` packs the rule set's codes, so the two still match.
    @inlinable
    public static func long(_ bytes: UnsafeRawBufferPointer) -> PackedCode {
        var raw: UInt64 = 0
        var count = 0
        var hash = FNV1a.offsetBasis
        for byte in bytes where byte != 0x20 && byte != 0x09 {
            let b = upper(byte)
            if count < 8 { raw |= UInt64(b) << UInt64(56 - count * 8) }
            count += 1
            hash = FNV1a.step(hash, b)
        }
        return count <= 8 ? PackedCode(raw: raw) : PackedCode(raw: (hash >> 1) | (1 << 63))
    }

    /// A postcode, spaces removed, upper case; nil when longer than 8 characters.
    @inlinable
    public static func postcode(_ bytes: UnsafeRawBufferPointer) -> PackedCode? {
        guard let (code, _, truncated) = compact(bytes, limit: 8), !truncated else { return nil }
        return code
    }

    /// An age in whole years. SUS codes ages under one year as 7001-7007 (days and
    /// months): those are 0. Nil when empty or not a number.
    @inlinable
    public static func age(_ bytes: UnsafeRawBufferPointer) -> Int? {
        var value = 0
        var digits = 0
        for byte in bytes {
            if byte == 0x20 { continue }
            guard isDigit(byte), digits < 6 else { return nil }
            value = value * 10 + Int(byte - 0x30)
            digits += 1
        }
        guard digits > 0 else { return nil }
        if value >= 7000 && value <= 7007 { return 0 }
        return value <= 150 ? value : nil
    }
}
