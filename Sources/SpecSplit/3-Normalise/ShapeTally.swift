/// Counts, for each field whose values have a shape (``ColumnMap/shapedFields``), how many of
/// its first ``limit`` non-empty values were checked and how many were not shaped like the
/// field, while the normaliser reads them. ``ColumnMap/valueShapeProblems(_:)`` judges the
/// counts once the input is read.
///
/// Fixed-size: counting allocates nothing per row (only the first failing value of a field
/// is kept as text), and once every field has its ``limit`` values it does no more work.
public struct ShapeTally: Sendable {
    /// The values counted per field.
    public static let limit: Int32 = 1_000

    private var checked = SIMD8<Int32>()
    private var failed = SIMD8<Int32>()
    private var lines = SIMD8<Int32>()
    private var examples: [String] = []
    /// Which of each field's counted values were not shaped like it, by their order among
    /// that field's counted values: ``Self/words`` words a field. Kept so that tallies of
    /// consecutive blocks of one file merge into exactly the tally of reading it in order.
    private var failures: [UInt64] = []
    /// Words of ``failures`` per field, enough for ``limit`` bits.
    private static let words = (Int(limit) + 63) / 64
    /// Fields still counting; 0 when done (or for a tally that counts nothing).
    private var open = 0
    /// Bit `slot` set for the fields the input carries.
    private var carried: UInt8 = 0

    /// A tally of the fields `map` carries.
    public init(map: ColumnMap) {
        examples = Array(repeating: "", count: 8)
        failures = Array(repeating: 0, count: 8 * Self.words)
        for (slot, field) in ColumnMap.shapedFields.enumerated() {
            if map.present.contains(field) {
                open += 1
                carried |= 1 << UInt8(slot)
            } else {
                checked[slot] = Self.limit  // never counted
            }
        }
    }

    /// A tally that counts nothing.
    public static var none: ShapeTally { ShapeTally() }

    private init() {}

    /// True while some field still counts.
    @inline(__always) public var isCounting: Bool { open > 0 }

    /// The slot of a shaped field.
    @inline(__always)
    static func slot(_ field: Field) -> Int {
        switch field {
        case .provider: return 0
        case .commissioner: return 1
        case .hrg: return 2
        case .gpPractice: return 3
        case .postcode: return 4
        case .age: return 5
        case .diagnoses: return 6
        default: return 7
        }
    }

    /// Counts one non-empty value of `field`: shaped like it or not.
    @inline(__always)
    mutating func note(_ field: Field, shaped: Bool, _ bytes: UnsafeRawBufferPointer, line: Int) {
        let slot = Self.slot(field)
        guard checked[slot] < Self.limit else { return }
        if !shaped {
            let ordinal = Int(checked[slot])
            failures[slot &* Self.words &+ ordinal >> 6] |= 1 << UInt64(ordinal & 63)
            if failed[slot] == 0 {
                examples[slot] = String(decoding: bytes, as: UTF8.self)
                lines[slot] = Int32(truncatingIfNeeded: line)
            }
            failed[slot] &+= 1
        }
        checked[slot] &+= 1
        if checked[slot] == Self.limit { open -= 1 }
    }

    /// Adds the tally of the rows that follow (the next block of the same file, its lines
    /// counted from `lineOffset`): its first values, as many as this tally still counts, as
    /// if one normaliser had read both in order.
    mutating func merge(_ next: ShapeTally, lineOffset: Int) {
        guard !next.failures.isEmpty, !failures.isEmpty else { return }
        for slot in 0..<8 where checked[slot] < Self.limit {
            let take = Int(min(Self.limit - checked[slot], next.checked[slot]))
            guard take > 0 else { continue }
            for ordinal in 0..<take {
                let bit: UInt64 = 1 << UInt64(ordinal & 63)
                guard next.failures[slot &* Self.words &+ ordinal >> 6] & bit != 0 else { continue }
                let mine = Int(checked[slot]) + ordinal
                failures[slot &* Self.words &+ mine >> 6] |= 1 << UInt64(mine & 63)
                if failed[slot] == 0 {
                    examples[slot] = next.examples[slot]
                    lines[slot] = next.lines[slot] &+ Int32(truncatingIfNeeded: lineOffset)
                }
                failed[slot] &+= 1
            }
            checked[slot] &+= Int32(take)
            if checked[slot] == Self.limit { open -= 1 }
        }
    }

    /// The counts of the fields that had values, in ``ColumnMap/shapedFields`` order.
    public var counts: [FieldShapeCount] {
        ColumnMap.shapedFields.enumerated().compactMap { slot, field in
            guard carried & (1 << UInt8(slot)) != 0, checked[slot] > 0 else { return nil }
            return FieldShapeCount(
                field: field, checked: Int(checked[slot]), failed: Int(failed[slot]), example: examples[slot],
                line: Int(lines[slot]))
        }
    }

    /// True when `bytes` look like a postcode: a letter first (spaces aside) and a digit
    /// somewhere. Stricter than what the normaliser keeps (any 8 characters), so that a
    /// column of ages or codes mapped as postcode shows.
    @inline(__always)
    static func looksLikePostcode(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var first = true
        var digit = false
        for byte in bytes where byte != 0x20 {
            if first {
                guard CodeShapes.isLetter(CodeShapes.upper(byte)) else { return false }
                first = false
            } else if CodeShapes.isDigit(byte) {
                digit = true
            }
        }
        return digit
    }
}
