import Foundation

/// An exact decimal amount (money in pounds, or activity), held as an integer count of
/// millionths. Sums are integer additions with overflow checks: no binary floating point
/// anywhere between the input file and the control totals.
public struct Amount: Hashable, Comparable, Sendable, CustomStringConvertible, AdditiveArithmetic {
    /// Millionths of a unit.
    public var micros: Int64

    /// Decimal places kept exactly.
    public static let scale = 6
    static let unit: Int64 = 1_000_000

    /// Zero.
    public static let zero = Amount(micros: 0)
    /// One (one row's activity when an extract has no activity column).
    public static let one = Amount(micros: unit)

    /// Wraps a count of millionths.
    @inlinable public init(micros: Int64) { self.micros = micros }

    /// A whole number of units.
    public init(_ units: Int) { micros = Int64(units) * Self.unit }

    /// Parses a plain decimal (`-12`, `1234.56`, `.5`, `+3.000001`): optional sign, digits,
    /// optional point and at most 6 decimals; spaces around it are allowed. Returns nil for
    /// anything else (thousands separators, currency signs, exponents, too many decimals,
    /// or a value too large), so the caller can reject the row naming the column.
    public init?(bytes: UnsafeRawBufferPointer) {
        var index = 0
        var end = bytes.count
        while index < end && bytes[index] == 0x20 { index += 1 }
        while end > index && bytes[end - 1] == 0x20 { end -= 1 }
        guard index < end else { return nil }
        var negative = false
        if bytes[index] == 0x2D || bytes[index] == 0x2B {
            negative = bytes[index] == 0x2D
            index += 1
        }
        var whole: Int64 = 0
        var fraction: Int64 = 0
        var fractionDigits = 0
        var digits = 0
        var seenPoint = false
        while index < end {
            let byte = bytes[index]
            if byte == 0x2E {
                if seenPoint { return nil }
                seenPoint = true
            } else if byte >= 0x30 && byte <= 0x39 {
                digits += 1
                let digit = Int64(byte - 0x30)
                if seenPoint {
                    fractionDigits += 1
                    if fractionDigits > Self.scale { return nil }
                    fraction = fraction * 10 + digit
                } else {
                    let (times, o1) = whole.multipliedReportingOverflow(by: 10)
                    let (plus, o2) = times.addingReportingOverflow(digit)
                    if o1 || o2 { return nil }
                    whole = plus
                }
            } else {
                return nil
            }
            index += 1
        }
        guard digits > 0 else { return nil }
        for _ in fractionDigits..<Self.scale { fraction *= 10 }
        let (scaled, o1) = whole.multipliedReportingOverflow(by: Self.unit)
        let (total, o2) = scaled.addingReportingOverflow(fraction)
        if o1 || o2 { return nil }
        micros = negative ? -total : total
    }

    /// Why `bytes`, which ``init(bytes:)`` refused, is not an amount, when it is a plain
    /// decimal all the same: `"has more than 6 decimal places ..."` or `"is too large ..."`;
    /// nil when it is not a plain decimal at all (for messages only: not the hot path).
    public static func whyNotExact(_ bytes: UnsafeRawBufferPointer) -> String? {
        let text = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: [" "])
        var body = Substring(text)
        if body.first == "-" || body.first == "+" { body = body.dropFirst() }
        let parts = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard !body.isEmpty, parts.count <= 2, body.contains(where: \.isNumber),
            parts.allSatisfy({ $0.allSatisfy { $0 >= "0" && $0 <= "9" } })
        else { return nil }
        if parts.count == 2 && parts[1].count > scale {
            return "has more than \(scale) decimal places (amounts are kept exact to a millionth: round it to \(scale))"
        }
        return "is too large (amounts are kept exact up to 9223372036854.775807 either way)"
    }

    /// Parses a string (edges and tests).
    public init?(_ text: String) {
        var copy = text
        guard let value = copy.withUTF8({ Amount(bytes: UnsafeRawBufferPointer($0)) }) else { return nil }
        self = value
    }

    /// The amount written with at least 2 decimals and no trailing zeros beyond them
    /// (`12.50`, `-0.05`, `3.141593`).
    public var description: String { Totals.format(Int128(micros)) }

    /// Adds, trapping on overflow (a sum past 9 trillion is not a real contract).
    @inlinable
    public static func + (lhs: Amount, rhs: Amount) -> Amount { Amount(micros: lhs.micros + rhs.micros) }

    /// Subtracts.
    @inlinable
    public static func - (lhs: Amount, rhs: Amount) -> Amount { Amount(micros: lhs.micros - rhs.micros) }

    /// Orders by value.
    @inlinable
    public static func < (lhs: Amount, rhs: Amount) -> Bool { lhs.micros < rhs.micros }
}
