/// Builds one output line in a reusable byte buffer: the row's original fields re-encoded
/// as CSV, then the split's own columns, then LF. One append to the output per row.
struct RowEncoder {
    private(set) var bytes: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var capacity: Int
    /// Fields appended to the current line (a separator goes before every one but the first).
    private var fields = 0

    init(capacity: Int = 1 << 12) {
        self.capacity = capacity
        bytes = .allocate(capacity: capacity)
    }

    func deallocate() { bytes.deallocate() }

    var buffer: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: bytes, count: count) }

    mutating func reset() {
        count = 0
        fields = 0
    }

    /// Writes the separator before a field that is not the line's first.
    @inline(__always)
    private mutating func separator() {
        if fields > 0 {
            bytes[count] = 0x2C
            count += 1
        }
        fields += 1
    }

    private mutating func reserve(_ extra: Int) {
        guard count + extra > capacity else { return }
        var size = capacity * 2
        while size < count + extra { size *= 2 }
        let fresh = UnsafeMutablePointer<UInt8>.allocate(capacity: size)
        fresh.update(from: bytes, count: count)
        bytes.deallocate()
        bytes = fresh
        capacity = size
    }

    /// Appends a field (quoted if needed), preceded by a comma unless it is the first.
    @inline(__always)
    mutating func field(_ value: UnsafeRawBufferPointer) {
        reserve(value.count * 2 + 3)
        separator()
        if !CSVEncoding.needsQuotes(value) {
            if let base = value.baseAddress {
                let source = base.assumingMemoryBound(to: UInt8.self)
                if value.count <= 16 {  // short codes: a loop beats a call to memmove
                    for index in 0..<value.count { bytes[count + index] = source[index] }
                } else {
                    (bytes + count).update(from: source, count: value.count)
                }
            }
            count += value.count
            return
        }
        count += CSVEncoding.writeQuoted(value, to: bytes + count)
    }

    /// Appends text that is already CSV (a whole row's fields, commas included).
    @inline(__always)
    mutating func text(_ value: UnsafeRawBufferPointer) {
        reserve(value.count + 1)
        separator()
        copy(value)
    }

    /// Appends every field of a row: runs of fields that need no quotes in one copy each,
    /// the others re-encoded.
    @inline(__always)
    mutating func row(_ batch: RowBatch, _ row: Int) {
        let mask = batch.quoteMask(row)
        let count = batch.fieldCount(row)
        if mask == 0 {
            text(batch.text(row, from: 0, to: count))
            return
        }
        @inline(__always) func clean(_ column: Int) -> Bool { mask & (1 << UInt64(min(column, 63))) == 0 }
        var column = 0
        while column < count {
            if clean(column) {
                var end = column + 1
                while end < count && clean(end) { end += 1 }
                text(batch.text(row, from: column, to: end))
                column = end
            } else {
                field(batch.field(row, column))
                column += 1
            }
        }
    }

    /// Appends field `index` of `fields` (already CSV-encoded).
    @inline(__always)
    mutating func encoded(_ fields: EncodedFields, _ index: Int) {
        fields.withField(index) { text($0) }
    }

    @inline(__always)
    private mutating func copy(_ value: UnsafeRawBufferPointer) {
        if let base = value.baseAddress {
            (bytes + count).update(from: base.assumingMemoryBound(to: UInt8.self), count: value.count)
        }
        count += value.count
    }

    /// Appends a packed code as a field.
    @inline(__always)
    mutating func code(_ code: PackedCode) {
        reserve(10)
        separator()
        // One store of all eight bytes (packed first byte highest); the length says how many count.
        UnsafeMutableRawPointer(bytes + count).storeBytes(of: code.raw.bigEndian, as: UInt64.self)
        count += code.length
    }

    /// Appends an empty field.
    @inline(__always)
    mutating func empty() {
        reserve(1)
        separator()
    }

    /// Appends a whole number as a field (decimal digits, `-` when negative).
    @inline(__always)
    mutating func integer(_ value: Int) {
        reserve(21)
        separator()
        if value < 0 {
            bytes[count] = 0x2D
            count += 1
        }
        var magnitude = value.magnitude
        var digits = 1
        var rest = magnitude / 10
        while rest > 0 {
            digits += 1
            rest /= 10
        }
        for index in stride(from: digits - 1, through: 0, by: -1) {
            bytes[count + index] = 0x30 + UInt8(magnitude % 10)
            magnitude /= 10
        }
        count += digits
    }

    /// Appends a field made of several encoded parts separated by `;` (rule ids).
    @inline(__always)
    mutating func joined(_ indexes: UnsafeBufferPointer<Int32>, _ more: UnsafeBufferPointer<Int32>, names: EncodedFields) {
        reserve(1)
        separator()
        var first = true
        append(indexes, names: names, first: &first)
        append(more, names: names, first: &first)
    }

    private mutating func append(_ list: UnsafeBufferPointer<Int32>, names: EncodedFields, first: inout Bool) {
        for index in list {
            names.withField(Int(index)) { name in
                reserve(name.count + 1)
                if !first {
                    bytes[count] = 0x3B
                    count += 1
                }
                first = false
                copy(name)
            }
        }
    }

    /// Ends the line.
    @inline(__always)
    mutating func endLine() {
        reserve(1)
        bytes[count] = 0x0A
        count += 1
    }
}
