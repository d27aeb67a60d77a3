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
        let magnitude = micros.magnitude
        let whole = magnitude / 1_000_000
        var fraction = Int(magnitude % 1_000_000)
        var decimals = 6
        while decimals > 2 && fraction % 10 == 0 {
            fraction /= 10
            decimals -= 1
        }
        let digits = String(fraction)
        let padding = decimals - digits.count
        return (micros < 0 ? "-" : "") + String(whole) + "." + (padding > 0 ? String(repeating: "0", count: padding) : "") + digits
    }
}
