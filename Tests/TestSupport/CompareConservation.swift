import Foundation

/// Checks that a comparison's outputs conserve what was read, against splits of the same
/// extracts with each rule set: every figure of each split's control-totals.csv (wide) is
/// the `from` (old rules) or `to` (new rules) figure of the comparison's (long form); the
/// movement lines sum per contract and category to what each side wrote; and the
/// movements by service, grouped by one side, are that side's split summary.csv.
///
/// Figures are compared as exact decimals (integer millionths), never as floating point.
/// Each check returns its problems, one line each; empty when it holds.
public enum CompareConservation {
    /// The rows of a CSV file, header first: fields split at commas, a quoted field's quotes
    /// removed (`""` inside one is a quote); no field spans lines in the reports read here.
    public static func rows(_ path: String) throws -> [[String]] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return text.split(separator: "\n").map { line in
            var fields: [String] = []
            var field = ""
            var quoted = false
            var closed = false  // a quoted field's quote just closed: a quote now is a doubled one
            for character in line {
                if quoted {
                    if character == "\"" {
                        quoted = false
                        closed = true
                    } else {
                        field.append(character)
                    }
                    continue
                }
                if character == "\"" {
                    if closed { field.append("\"") }
                    quoted = true
                } else if character == "," {
                    fields.append(field)
                    field = ""
                } else {
                    field.append(character)
                }
                closed = false
            }
            fields.append(field)
            return fields
        }
    }

    /// A decimal (`-12.5`, `3`) in millionths; nil when it is not one.
    public static func micros(_ text: String) -> Int128? {
        var digits = Substring(text)
        let negative = digits.hasPrefix("-")
        if negative { digits = digits.dropFirst() }
        let parts = digits.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let whole = Int128(String(parts[0])) else { return nil }
        var fraction = parts.count == 2 ? String(parts[1]) : ""
        guard fraction.count <= 6, fraction.allSatisfy(\.isNumber) else { return nil }
        fraction += String(repeating: "0", count: 6 - fraction.count)
        let value = whole * 1_000_000 + Int128(fraction)!
        return negative ? -value : value
    }

    /// Every figure of a split's control-totals.csv against the `side` (`from` or `to`)
    /// column of a comparison's: equal where the split has the category, zero where that
    /// year lacks it; and every line of the split present.
    public static func sideProblems(compare: String, split: String, side: String) throws -> [String] {
        let wide = try rows(split)
        let long = try rows(compare)
        guard let header = wide.first, let longHeader = long.first, let column = longHeader.firstIndex(of: side) else {
            return ["\(compare): no \(side) column"]
        }
        // "contract|measure|category" -> (figure, "provider,commissioner")
        var expected: [String: (String, String)] = [:]
        for row in wide.dropFirst() {
            for index in 4..<header.count {
                expected["\(row[0])|\(row[3])|\(header[index])"] = (row[index], row[1] + "," + row[2])
            }
        }
        var problems: [String] = []
        var seen = Set<String>()
        for row in long.dropFirst() {
            let key = "\(row[0])|\(row[3])|\(row[4])"
            seen.insert(key)
            if let (figure, names) = expected[key] {
                if micros(figure) != micros(row[column]) {
                    problems.append("\(key): \(side) \(row[column]), the split \(figure)")
                }
                if names != row[1] + "," + row[2] {
                    problems.append("\(key): provider and commissioner \(row[1]),\(row[2]), the split \(names)")
                }
            } else if micros(row[column]) != 0 {
                problems.append("\(key): \(side) \(row[column]) for a category that year does not have")
            }
        }
        for key in expected.keys where !seen.contains(key) {
            problems.append("\(key): in the split, not in the comparison")
        }
        return problems.sorted()
    }

    /// The movement lines against the comparison's control totals: per contract, the lines
    /// from each category sum to what the old side wrote there, the lines to each category
    /// to what the new side wrote there, and all of them to the rows written.
    public static func movementProblems(out: String) throws -> [String] {
        let control = try rows(out + "/control-totals.csv")
        let movements = try rows(out + "/movements.csv")
        var written: [String: Int128] = [:]  // "side|contract|measure|category"
        for row in control.dropFirst() {
            written["from|\(row[0])|\(row[3])|\(row[4])"] = micros(row[5])
            written["to|\(row[0])|\(row[3])|\(row[4])"] = micros(row[6])
        }
        var sums: [String: Int128] = [:]
        let measures = ["rows", "activity", "value"]
        for row in movements.dropFirst() {
            for (offset, measure) in measures.enumerated() {
                let figure = micros(row[5 + offset]) ?? 0
                for key in [
                    "from|\(row[0])|\(measure)|\(row[3])", "to|\(row[0])|\(measure)|\(row[4])",
                    "from|\(row[0])|\(measure)|written", "to|\(row[0])|\(measure)|written",
                    "from|ALL|\(measure)|written", "to|ALL|\(measure)|written", "from|ALL|\(measure)|\(row[3])",
                    "to|ALL|\(measure)|\(row[4])",
                ] { sums[key, default: 0] += figure }
            }
        }
        var problems: [String] = []
        for (key, figure) in written
        where !key.contains("|read") && !key.contains("|rejected") && !key.contains("|difference") {
            if key.contains("(unreadable rows)") { continue }
            if (sums[key] ?? 0) != figure {
                problems.append("\(key): movements sum to \(sums[key] ?? 0) millionths, written \(figure)")
            }
        }
        for key in sums.keys where written[key] == nil {
            problems.append("\(key): movements with no control-totals line")
        }
        return problems.sorted()
    }

    /// movements-by-service.csv grouped by the `side` (`from` or `to`) category, service
    /// and HRG, against that year's split summary.csv summed over its `setting` (a
    /// comparison does not split by setting): the same lines, the same figures.
    public static func serviceProblems(out: String, summary: String, side: String) throws -> [String] {
        let byService = try rows(out + "/movements-by-service.csv")
        guard let header = byService.first, let category = header.firstIndex(of: side + "_category"),
            let service = header.firstIndex(of: side + "_service_line")
        else { return ["no \(side) columns in movements-by-service.csv"] }
        var grouped: [String: [Int128]] = [:]
        for row in byService.dropFirst() {
            let key = [row[0], row[1], row[2], row[category], row[service], row[7]].joined(separator: ",")
            var figures = grouped[key] ?? [0, 0, 0]
            for index in 0..<3 { figures[index] += micros(row[8 + index]) ?? 0 }
            grouped[key] = figures
        }
        var expected: [String: [Int128]] = [:]
        for row in try rows(summary).dropFirst() {
            let key = row[0..<6].joined(separator: ",")
            var figures = expected[key] ?? [0, 0, 0]
            for index in 0..<3 { figures[index] += micros(row[6 + index]) ?? 0 }
            expected[key] = figures
        }
        var problems: [String] = []
        for key in Set(grouped.keys).union(expected.keys) where grouped[key] != expected[key] {
            problems.append(
                "\(key): by service \(grouped[key].map(\.description) ?? "none"), summary \(expected[key].map(\.description) ?? "none")"
            )
        }
        return problems.sorted()
    }
}
