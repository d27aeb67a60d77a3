extension Totals {
    /// `part / whole` as a decimal with exactly 6 places, the exact quotient rounded half to
    /// even (`0.570000`); empty when `whole` is zero or negative (no share to speak of).
    static func share(_ part: Int128, of whole: Int128) -> String {
        guard whole > 0 else { return "" }
        let scaled = part.magnitude * 1_000_000
        let divisor = whole.magnitude
        var quotient = scaled / divisor
        let remainder = scaled % divisor
        if remainder * 2 > divisor || (remainder * 2 == divisor && quotient % 2 == 1) { quotient += 1 }
        let fraction = String(quotient % 1_000_000)
        let sign = part < 0 && quotient > 0 ? "-" : ""
        return sign + String(quotient / 1_000_000) + "." + String(repeating: "0", count: 6 - fraction.count) + fraction
    }
}
