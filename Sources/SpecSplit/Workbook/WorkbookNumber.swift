/// Numbers as a spreadsheet stores them (`3`, `0.25`, `1.2E-3`, `0.14999999999999999`),
/// written back in plain decimal, exactly, without binary floating point.
enum WorkbookNumber {
    /// The significant digits a spreadsheet shows (and computes with); the 16th and 17th
    /// that a file may store are the binary fraction's noise.
    static let significantDigits = 15

    /// `text` rounded to 15 significant digits (half away from zero) in plain decimal,
    /// without trailing zeros after the point or a point with nothing after it; nil when
    /// `text` is not a decimal number (`[-+]digits[.digits][E[-+]digits]`).
    static func plain(_ text: String) -> String? {
        var bytes = Array(text.utf8)[...]
        var negative = false
        if let sign = bytes.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
            negative = sign == UInt8(ascii: "-")
            bytes = bytes.dropFirst()
        }
        var digits: [UInt8] = []
        var pointPosition: Int?
        var exponent = 0
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte >= 0x30 && byte <= 0x39 {
                digits.append(byte - 0x30)
            } else if byte == UInt8(ascii: "."), pointPosition == nil {
                pointPosition = digits.count
            } else if byte == UInt8(ascii: "E") || byte == UInt8(ascii: "e") {
                guard let value = Int(String(decoding: bytes[(index + 1)...], as: UTF8.self)), abs(value) < 400 else {
                    return nil
                }
                exponent = value
                break
            } else {
                return nil
            }
            index += 1
        }
        guard !digits.isEmpty else { return nil }
        // The value is 0.d1d2d3... x 10^point.
        var point = (pointPosition ?? digits.count) + exponent
        while let first = digits.first, first == 0, digits.count > 1 {
            digits.removeFirst()
            point -= 1
        }
        if digits == [0] { return "0" }
        if digits.count > significantDigits {
            let roundUp = digits[significantDigits] >= 5
            digits = Array(digits.prefix(significantDigits))
            if roundUp {
                var i = digits.count - 1
                while i >= 0 {
                    if digits[i] == 9 {
                        digits[i] = 0
                        i -= 1
                    } else {
                        digits[i] += 1
                        break
                    }
                }
                if i < 0 {
                    digits.insert(1, at: 0)
                    point += 1
                }
            }
        }
        while digits.count > 1, digits.last == 0, digits.count > point { digits.removeLast() }
        var out = negative ? "-" : ""
        let characters = digits.map { Character(Unicode.Scalar($0 + 0x30)) }
        if point <= 0 {
            out += "0." + String(repeating: "0", count: -point) + String(characters)
        } else if point >= characters.count {
            out += String(characters) + String(repeating: "0", count: point - characters.count)
        } else {
            out += String(characters[..<point]) + "." + String(characters[point...])
        }
        return out
    }
}
