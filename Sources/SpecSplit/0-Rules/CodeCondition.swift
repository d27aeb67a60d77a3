/// A condition cell of a rule: the codes a field must be one of, written as codes
/// separated by spaces or as `@name`, a set in `code-sets.csv`. A code ending in `%`
/// matches by prefix (`SB%`).
public struct CodeCondition: Hashable, Sendable, CustomStringConvertible {
    /// The cell as written, trimmed (`@cf_codes`, `SB97Z SC97Z`).
    public var text: String
    /// The set's name when the cell is `@name`.
    public var setName: String?
    /// The codes, normalised for their column's classification (see
    /// ``CodeKind/normalise(_:)``); a prefix keeps its trailing `%`.
    public var values: [String]

    /// A condition from its cell text and the codes it stands for.
    public init(text: String, setName: String? = nil, values: [String]) {
        self.text = text
        self.setName = setName
        self.values = values
    }

    /// The exact codes (not prefixes).
    public var exactValues: [String] { values.filter { !$0.hasSuffix("%") } }

    /// The prefixes, without their `%`.
    public var prefixValues: [String] { values.filter { $0.hasSuffix("%") }.map { String($0.dropLast()) } }

    /// `@name` for a set, otherwise the codes (the first 6, then a count).
    public var description: String {
        if let setName { return "@" + setName }
        if values.count <= 6 { return values.joined(separator: " ") }
        return values.prefix(6).joined(separator: " ") + " (+\(values.count - 6) more)"
    }
}

/// An age condition: an inclusive range of whole years, written `<19`, `<=18`, `>=19`,
/// `>18` or `13-20`.
public struct AgeRange: Hashable, Sendable, CustomStringConvertible {
    /// The youngest age that matches.
    public var lower: Int
    /// The oldest age that matches.
    public var upper: Int
    /// The condition as written (`<19`).
    public var text: String

    /// A range from its bounds, both inclusive.
    public init(lower: Int, upper: Int, text: String) {
        self.lower = lower
        self.upper = upper
        self.text = text
    }

    /// Parses `<19`, `<=18`, `>=19`, `>18` or `13-20` (spaces allowed); nil when malformed.
    public init?(parsing cell: String) {
        let text = cell.filter { $0 != " " }
        func number(_ s: Substring) -> Int? {
            guard !s.isEmpty, s.count <= 3, s.allSatisfy({ $0.isASCII && $0.isNumber }) else {
                return nil
            }
            return Int(s)
        }
        let maxAge = 200
        if text.hasPrefix("<=") {
            guard let n = number(text.dropFirst(2)) else { return nil }
            self.init(lower: 0, upper: n, text: text)
        } else if text.hasPrefix(">=") {
            guard let n = number(text.dropFirst(2)) else { return nil }
            self.init(lower: n, upper: maxAge, text: text)
        } else if text.hasPrefix("<") {
            guard let n = number(text.dropFirst(1)), n > 0 else { return nil }
            self.init(lower: 0, upper: n - 1, text: text)
        } else if text.hasPrefix(">") {
            guard let n = number(text.dropFirst(1)) else { return nil }
            self.init(lower: n + 1, upper: maxAge, text: text)
        } else if let dash = text.firstIndex(of: "-") {
            guard let low = number(text[..<dash]), let high = number(text[text.index(after: dash)...]),
                low <= high
            else { return nil }
            self.init(lower: low, upper: high, text: text)
        } else {
            return nil
        }
    }

    /// True when `age` is in the range.
    @inlinable public func contains(_ age: Int) -> Bool { age >= lower && age <= upper }

    /// The condition as written.
    public var description: String { text }
}
