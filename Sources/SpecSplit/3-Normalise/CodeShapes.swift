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
    @inlinable
    static func compact(_ bytes: UnsafeRawBufferPointer, limit: Int = 8) -> (code: PackedCode, length: Int, truncated: Bool)? {
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
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes where byte != 0x20 && byte != 0x09 {
            let b = upper(byte)
            if count < 8 { raw |= UInt64(b) << UInt64(56 - count * 8) }
            count += 1
            hash = (hash ^ UInt64(b)) &* 0x0000_0100_0000_01B3
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
