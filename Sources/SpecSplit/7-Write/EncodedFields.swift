/// Texts encoded once as CSV fields, to be appended to output rows by index (categories,
/// service groups, rule ids...): one flat byte array, so that appending a field to a row
/// copies its bytes and retains nothing (an array of arrays retains the element each time).
struct EncodedFields: Sendable {
    private let bytes: [UInt8]
    /// `ends[i]`: where field `i` ends in `bytes` (it starts where field `i - 1` ends).
    private let ends: [Int]

    /// Encodes each of `texts` as one CSV field (quoted only when it must be).
    init(_ texts: [String]) {
        self.init(rows: texts.map { [$0] })
    }

    /// Encodes each of `rows` as its fields separated by commas: entry `i` is several
    /// fields at once.
    init(rows: [[String]]) {
        var bytes: [UInt8] = []
        var ends: [Int] = []
        for row in rows {
            CSVEncoding.append(fields: row, to: &bytes)
            ends.append(bytes.count)
        }
        self.bytes = bytes
        self.ends = ends
    }

    /// Calls `body` with the encoded bytes of field `index`.
    @inline(__always)
    func withField<R>(_ index: Int, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        let start = index == 0 ? 0 : ends[index - 1]
        return try bytes.withUnsafeBytes { all in
            try body(UnsafeRawBufferPointer(rebasing: all[start..<ends[index]]))
        }
    }
}
