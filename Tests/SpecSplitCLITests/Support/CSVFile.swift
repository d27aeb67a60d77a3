import Foundation

/// A CSV output read back for a test (RFC 4180: quoted fields with commas, doubled quotes
/// and line breaks), with its rows as dictionaries by column name.
struct CSVFile {
    let header: [String]
    let rows: [[String]]

    /// Reads `path`.
    init(_ path: String) throws {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var quoted = false
        var index = text.startIndex
        var fieldStarted = false
        while index < text.endIndex {
            let c = text[index]
            if quoted {
                if c == "\"" {
                    let next = text.index(after: index)
                    if next < text.endIndex && text[next] == "\"" {
                        field.append("\"")
                        index = next
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(c)
                }
            } else if c == "\"" && !fieldStarted {
                quoted = true
                fieldStarted = true
            } else if c == "," {
                record.append(field)
                field = ""
                fieldStarted = false
            } else if c == "\n" || c == "\r\n" {
                record.append(field)
                records.append(record)
                record = []
                field = ""
                fieldStarted = false
            } else {
                field.append(c)
                fieldStarted = true
            }
            index = text.index(after: index)
        }
        if fieldStarted || !record.isEmpty {
            record.append(field)
            records.append(record)
        }
        header = records.first ?? []
        rows = Array(records.dropFirst())
    }

    /// Rows as dictionaries by column name.
    var dictionaries: [[String: String]] {
        rows.map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
    }
}

/// Millionths of a decimal as the outputs write it; nil for anything else.
func micros(_ text: String) -> Int128? {
    var rest = Substring(text)
    var negative = false
    if rest.first == "-" {
        negative = true
        rest = rest.dropFirst()
    }
    let parts = rest.split(separator: ".", omittingEmptySubsequences: false)
    guard parts.count <= 2, let whole = Int128(String(parts[0])), !parts[0].isEmpty else { return nil }
    let fraction = parts.count == 2 ? String(parts[1]) : ""
    guard fraction.count <= 6, fraction.allSatisfy(\.isNumber) else { return nil }
    let value = whole * 1_000_000 + (Int128(fraction.padding(toLength: 6, withPad: "0", startingAt: 0)) ?? 0)
    return negative ? -value : value
}
