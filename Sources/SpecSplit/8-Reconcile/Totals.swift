/// Rows, activity and value counted exactly: amounts in millionths, summed in 128 bits so
/// no extract can overflow them.
public struct Totals: Sendable, Equatable {
    /// Rows.
    public var rows: Int = 0
    /// Activity in millionths.
    public var activityMicros: Int128 = 0
    /// Value (GBP) in millionths.
    public var valueMicros: Int128 = 0

    /// Zero.
    public init() {}

    /// Counts one row.
    @inlinable
    public mutating func add(activity: Amount, value: Amount) {
        rows &+= 1
        activityMicros &+= Int128(activity.micros)
        valueMicros &+= Int128(value.micros)
    }

    /// Adds other totals.
    public mutating func add(_ other: Totals) {
        rows += other.rows
        activityMicros += other.activityMicros
        valueMicros += other.valueMicros
    }

    /// These totals minus `other`.
    public func subtracting(_ other: Totals) -> Totals {
        var result = self
        result.rows -= other.rows
        result.activityMicros -= other.activityMicros
        result.valueMicros -= other.valueMicros
        return result
    }

    /// True when rows, activity and value are all zero.
    public var isZero: Bool { rows == 0 && activityMicros == 0 && valueMicros == 0 }

    /// The activity as decimal text.
    public var activity: String { Totals.format(activityMicros) }
    /// The value as decimal text.
    public var value: String { Totals.format(valueMicros) }

    /// Decimal text of an amount in millionths: at least 2 decimals, trailing zeros trimmed.
    public static func format(_ micros: Int128) -> String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maxFormattedBytes) { buffer in
            let count = format(micros, into: buffer.baseAddress!)
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[..<count]), as: UTF8.self)
        }
    }

    /// `part / whole` as a decimal with exactly 6 places, the exact quotient rounded half to
    /// even; empty when `whole` is zero or negative (a share of nothing, or of a refund, has
    /// no meaning).
    public static func share(_ part: Int128, of whole: Int128) -> String {
        guard whole > 0 else { return "" }
        let scaled = part * 1_000_000
        var quotient = scaled / whole
        let remainder = scaled % whole
        // Round half to even, away from the quotient's sign when past half.
        let twice = remainder.magnitude * 2
        if twice > whole.magnitude || (twice == whole.magnitude && quotient % 2 != 0) {
            quotient += scaled < 0 ? -1 : 1
        }
        let magnitude = quotient.magnitude
        let fraction = String(magnitude % 1_000_000)
        return (quotient < 0 ? "-" : "") + "\(magnitude / 1_000_000)." + String(repeating: "0", count: 6 - fraction.count) + fraction
    }

    /// The longest text ``format(_:into:)`` writes: a sign, 33 digits, a point and 6 decimals.
    static let maxFormattedBytes = 48

    /// Writes ``format(_:)``'s text into `out` (room for ``maxFormattedBytes``); returns its length.
    static func format(_ micros: Int128, into out: UnsafeMutablePointer<UInt8>) -> Int {
        let magnitude = micros.magnitude
        let whole = magnitude / 1_000_000
        var fraction = Int(magnitude % 1_000_000)
        var decimals = 6
        while decimals > 2 && fraction % 10 == 0 {
            fraction /= 10
            decimals -= 1
        }
        var count = 0
        if micros < 0 {
            out[0] = 0x2D
            count = 1
        }
        count += digits(whole, into: out + count)
        out[count] = 0x2E
        count += 1
        for place in stride(from: decimals - 1, through: 0, by: -1) {
            var digit = fraction
            for _ in 0..<place { digit /= 10 }
            out[count] = 0x30 &+ UInt8(truncatingIfNeeded: digit % 10)
            count += 1
        }
        return count
    }

    /// Writes `value` in decimal into `out` (room for ``maxFormattedBytes``); returns its length.
    static func format(_ value: Int, into out: UnsafeMutablePointer<UInt8>) -> Int {
        if value < 0 { out[0] = 0x2D }
        let sign = value < 0 ? 1 : 0
        return sign + digits(UInt128(value.magnitude), into: out + sign)
    }

    /// Writes the decimal digits of `value` into `out`; returns how many.
    private static func digits(_ value: UInt128, into out: UnsafeMutablePointer<UInt8>) -> Int {
        // Last digit first, then reversed in place.
        var rest = value
        var count = 0
        repeat {
            out[count] = 0x30 &+ UInt8(truncatingIfNeeded: rest % 10)
            rest /= 10
            count += 1
        } while rest > 0
        var low = 0
        var high = count - 1
        while low < high {
            (out[low], out[high]) = (out[high], out[low])
            low += 1
            high -= 1
        }
        return count
    }
}
