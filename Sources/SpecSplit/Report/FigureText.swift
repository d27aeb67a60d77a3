/// Figures as the published CSV files write them (`2664060.41`, `199`, `0.058424`): read
/// exactly into millionths, summed exactly, and shown with thousands separators but never
/// rounded, so every figure on a page is the CSV's figure at the precision shown.
enum FigureText {
    /// Millionths of the decimal in `bytes` (`-12`, `1234.56`, `0.000001`); nil when it is
    /// not a plain decimal of at most 6 places.
    static func micros(_ bytes: UnsafeRawBufferPointer) -> Int128? {
        var index = 0
        var negative = false
        if bytes.count > 0 && (bytes[0] == UInt8(ascii: "-") || bytes[0] == UInt8(ascii: "+")) {
            negative = bytes[0] == UInt8(ascii: "-")
            index = 1
        }
        var whole: Int128 = 0
        var fraction: Int128 = 0
        var places = 0
        var digits = 0
        var seenPoint = false
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: ".") {
                if seenPoint { return nil }
                seenPoint = true
            } else if byte >= 0x30 && byte <= 0x39 {
                digits += 1
                if seenPoint {
                    places += 1
                    if places > 6 { return nil }
                    fraction = fraction * 10 + Int128(byte - 0x30)
                } else {
                    if whole > Int128.max / 100 { return nil }
                    whole = whole * 10 + Int128(byte - 0x30)
                }
            } else {
                return nil
            }
            index += 1
        }
        guard digits > 0 else { return nil }
        while places < 6 {
            fraction *= 10
            places += 1
        }
        let value = whole * 1_000_000 + fraction
        return negative ? -value : value
    }

    /// Millionths of the decimal `text`; nil when it is not one.
    static func micros(_ text: String) -> Int128? {
        var copy = text
        return copy.withUTF8 { micros(UnsafeRawBufferPointer($0)) }
    }

    /// The decimal text of `micros` as the CSV files write amounts (at least 2 places).
    static func amount(_ micros: Int128) -> String { Totals.format(micros) }

    /// `text` with its whole part grouped in thousands (`2,664,060.41`); anything that is
    /// not a plain decimal is returned as it is.
    static func display(_ text: String) -> String {
        let utf8 = Array(text.utf8)
        var start = 0
        if let first = utf8.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") { start = 1 }
        var end = start
        while end < utf8.count && utf8[end] >= 0x30 && utf8[end] <= 0x39 { end += 1 }
        let digits = end - start
        guard digits > 3 else { return text }
        var out: [UInt8] = Array(utf8[0..<start])
        out.reserveCapacity(utf8.count + digits / 3)
        for index in start..<end {
            if index > start && (end - index) % 3 == 0 { out.append(UInt8(ascii: ",")) }
            out.append(utf8[index])
        }
        out.append(contentsOf: utf8[end...])
        return String(decoding: out, as: UTF8.self)
    }

    /// A share as written (`0.058424`, exact to 6 places) as a percentage with the same
    /// digits (`5.8424%`): the point moved two places, nothing rounded. Empty stays empty
    /// (a share of nothing).
    static func percent(_ share: String) -> String {
        guard !share.isEmpty, let micros = micros(share) else { return share }
        // micros of the share = the percentage in ten-thousandths.
        let negative = micros < 0
        let magnitude = micros.magnitude
        let whole = magnitude / 10_000
        let fraction = String(magnitude % 10_000)
        return (negative ? "-" : "") + "\(whole)." + String(repeating: "0", count: 4 - fraction.count) + fraction + "%"
    }
}
