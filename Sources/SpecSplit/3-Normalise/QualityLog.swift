/// One line of the quality report: a finding (where it was first seen), and how often it was seen.
public struct QualityEntry: Sendable, Equatable {
    /// What was found, in the input and at the line where it was first seen.
    public var finding: Finding
    /// How many times it was seen.
    public var count: Int

    /// `CodeType|Code|Error Description`.
    public var pipeLine: String { finding.pipeLine }
}

/// Counts quality findings without allocating for ones already seen: a finding is keyed
/// by its type, its column and a hash of the offending bytes; the text is built once.
public struct QualityLog: Sendable {
    private struct Key: Hashable {
        var type: CodeType
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
        _ type: CodeType, column: Int, bytes: UnsafeRawBufferPointer, source: String, line: Int,
        message: () -> String
    ) {
        noteHashed(type, column: column, hash: FNV1a.hash(bytes), source: source, line: line) {
            (String(decoding: bytes, as: UTF8.self), message())
        }
    }

    @usableFromInline
    mutating func noteHashed(
        _ type: CodeType, column: Int, hash: UInt64, source: String, line: Int, text: () -> (String, String)
    ) {
        let key = Key(type: type, column: Int32(truncatingIfNeeded: column), hash: hash)
        if let found = index[key] {
            entries[found].count += 1
            return
        }
        let (code, message) = text()
        index[key] = entries.count
        entries.append(QualityEntry(finding: Finding(codeType: type, code: code, file: source, line: line, message: message), count: 1))
    }

    /// Notes a finding given as text (rule-level findings, summaries); `count` adds up.
    public mutating func note(_ type: CodeType, code: String, message: String, count: Int, source: String, line: Int) {
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
        entries.append(QualityEntry(finding: Finding(codeType: type, code: code, file: source, line: line, message: message), count: count))
    }

    /// Adds another log's findings (from another thread or input) into this one, new
    /// ones in the order the other log first saw them.
    public mutating func merge(_ other: QualityLog, lineOffset: Int = 0) {
        for (key, position) in other.index.sorted(by: { $0.value < $1.value }) {
            var entry = other.entries[position]
            entry.finding.line += lineOffset
            if let found = index[key] {
                entries[found].count += entry.count
            } else {
                index[key] = entries.count
                entries.append(entry)
            }
        }
    }
}
