/// The kind of code a quality finding is about: the first column of quality.csv,
/// in the style of the national tool's `CodeType|Code|Error Description` file.
public enum QualityCodeType: String, Sendable, CaseIterable {
    case icd10 = "ICD10"
    case opcs4 = "OPCS4"
    case hrg = "HRG"
    case provider = "PROVIDER"
    case commissioner = "COMMISSIONER"
    case practice = "PRACTICE"
    case postcode = "POSTCODE"
    case age = "AGE"
    case value = "VALUE"
    case activity = "ACTIVITY"
    case rule = "RULE"
    case row = "ROW"
    case spell = "SPELL"
    case column = "COLUMN"
}

/// One line of the quality report: a finding, how often it was seen, and where first.
public struct QualityEntry: Sendable, Equatable {
    /// What kind of code.
    public var codeType: QualityCodeType
    /// The code (or rule id, or column) concerned.
    public var code: String
    /// What is wrong with it.
    public var message: String
    /// How many times it was seen.
    public var count: Int
    /// The input where it was first seen.
    public var firstSource: String
    /// The line where it was first seen.
    public var firstLine: Int

    /// `CodeType|Code|Error Description`.
    public var pipeLine: String { "\(codeType.rawValue)|\(code)|\(message)" }
}

/// Counts quality findings without allocating for ones already seen: a finding is keyed
/// by its type, its column and a hash of the offending bytes; the text is built once.
public struct QualityLog: Sendable {
    private struct Key: Hashable {
        var type: QualityCodeType
        var column: Int32
        var hash: UInt64
    }
    private var index: [Key: Int] = [:]
    /// The findings, in the order first seen.
    public private(set) var entries: [QualityEntry] = []

    /// An empty log.
    public init() {}

    /// Notes one finding about `bytes` in `column`; `message` is only called the first time.
    @inlinable
    public mutating func note(
        _ type: QualityCodeType, column: Int, bytes: UnsafeRawBufferPointer, source: String, line: Int,
        message: () -> String
    ) {
        noteHashed(type, column: column, hash: Self.hash(bytes), source: source, line: line) {
            (String(decoding: bytes, as: UTF8.self), message())
        }
    }

    @usableFromInline
    mutating func noteHashed(
        _ type: QualityCodeType, column: Int, hash: UInt64, source: String, line: Int, text: () -> (String, String)
    ) {
        let key = Key(type: type, column: Int32(truncatingIfNeeded: column), hash: hash)
        if let found = index[key] {
            entries[found].count += 1
            return
        }
        let (code, message) = text()
        index[key] = entries.count
        entries.append(QualityEntry(codeType: type, code: code, message: message, count: 1, firstSource: source, firstLine: line))
    }

    /// Notes a finding given as text (rule-level findings, summaries); `count` adds up.
    public mutating func note(_ type: QualityCodeType, code: String, message: String, count: Int, source: String, line: Int) {
        guard count > 0 else { return }
        var hasher = Hasher()
        hasher.combine(code)
        hasher.combine(message)
        let hash = UInt64(bitPattern: Int64(hasher.finalize()))
        let key = Key(type: type, column: -1, hash: hash)
        if let found = index[key] {
            entries[found].count += count
            return
        }
        index[key] = entries.count
        entries.append(QualityEntry(codeType: type, code: code, message: message, count: count, firstSource: source, firstLine: line))
    }

    /// Adds another log's findings (from another thread or input) into this one, new
    /// ones in the order the other log first saw them.
    public mutating func merge(_ other: QualityLog) {
        for (key, position) in other.index.sorted(by: { $0.value < $1.value }) {
            let entry = other.entries[position]
            if let found = index[key] {
                entries[found].count += entry.count
            } else {
                index[key] = entries.count
                entries.append(entry)
            }
        }
    }

    /// FNV-1a over the bytes.
    @inlinable
    public static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            h ^= UInt64(byte)
            h = h &* 0x100_0000_01b3
        }
        return h
    }
}
