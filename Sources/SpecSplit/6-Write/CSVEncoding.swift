/// RFC 4180 encoding of one field: quoted only when it must be.
///
/// A field is quoted when it holds a comma, a quote, a CR or an LF, or starts or ends
/// with a space or a tab (which many readers would trim); quotes inside are doubled.
/// Everything else is written byte for byte, so a file read and written back keeps
/// every field value identical.
public enum CSVEncoding {
    /// True when `field` must be quoted.
    @inlinable
    public static func needsQuotes(_ field: UnsafeRawBufferPointer) -> Bool {
        guard let first = field.first, let last = field.last else { return false }
        if first == 0x20 || first == 0x09 || last == 0x20 || last == 0x09 { return true }
        for byte in field where byte <= 0x2C {
            if byte == 0x2C || byte == 0x22 || byte == 0x0A || byte == 0x0D { return true }
        }
        return false
    }

    /// Appends `field`, quoted if needed, to `out`.
    public static func append(field: UnsafeRawBufferPointer, to out: inout [UInt8]) {
        guard needsQuotes(field) else {
            out.append(contentsOf: field)
            return
        }
        out.append(0x22)
        for byte in field {
            if byte == 0x22 { out.append(0x22) }
            out.append(byte)
        }
        out.append(0x22)
    }

    /// Encodes a row of strings as one CSV line, ending in LF.
    public static func line(_ fields: [String]) -> String {
        var out: [UInt8] = []
        for (index, field) in fields.enumerated() {
            if index > 0 { out.append(0x2C) }
            var copy = field
            copy.withUTF8 { append(field: UnsafeRawBufferPointer($0), to: &out) }
        }
        out.append(0x0A)
        return String(decoding: out, as: UTF8.self)
    }
}
