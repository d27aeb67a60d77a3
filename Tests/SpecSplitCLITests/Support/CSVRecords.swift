import Foundation
import SpecSplit

/// RFC 4180 records of a file, as raw bytes, for comparing outputs field by field: a test's
/// own small parser, so that what it checks does not rest on the reader under test.
struct CSVRecord: Hashable, Comparable {
    /// The record's bytes as written, without its line break.
    var raw: [UInt8]
    /// Its fields, unquoted.
    var fields: [[UInt8]]

    static func < (lhs: CSVRecord, rhs: CSVRecord) -> Bool { lhs.raw.lexicographicallyPrecedes(rhs.raw) }

    /// The records of `data` (LF line ends; line breaks inside quotes kept).
    static func parse(_ data: Data) -> [CSVRecord] {
        var records: [CSVRecord] = []
        var raw: [UInt8] = []
        var fields: [[UInt8]] = []
        var field: [UInt8] = []
        var quoted = false
        var bytes = Array(data)[...]
        while let byte = bytes.popFirst() {
            if quoted {
                raw.append(byte)
                if byte == 0x22 {
                    if bytes.first == 0x22 {
                        raw.append(bytes.removeFirst())
                        field.append(0x22)
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(byte)
                }
                continue
            }
            switch byte {
            case 0x22:
                raw.append(byte)
                quoted = true
            case 0x2C:
                raw.append(byte)
                fields.append(field)
                field = []
            case 0x0A:
                fields.append(field)
                records.append(CSVRecord(raw: raw, fields: fields))
                raw = []
                fields = []
                field = []
            default:
                raw.append(byte)
                field.append(byte)
            }
        }
        if !raw.isEmpty || !fields.isEmpty {
            fields.append(field)
            records.append(CSVRecord(raw: raw, fields: fields))
        }
        return records
    }

    /// The record of `fields` as specsplit encodes it (quoted only where needed).
    static func encode(_ fields: [[UInt8]]) -> [UInt8] {
        var out: [UInt8] = []
        for (index, field) in fields.enumerated() {
            if index > 0 { out.append(0x2C) }
            field.withUnsafeBytes { CSVEncoding.append(field: $0, to: &out) }
        }
        return out
    }
}
