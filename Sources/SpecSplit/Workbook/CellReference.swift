/// Cell references of a sheet (`A1`, `AA12`, `XFD1048576`): column letters, then a row number.
public enum CellReference {
    /// The largest column a sheet can have (`XFD`), as an index from 0.
    public static let maxColumn = 16_383

    /// The column index (0 is `A`) and row number of a reference such as `AA12`; nil when
    /// it is not one (lower case letters are accepted, `$` signs are not).
    public static func parse(_ reference: String) -> (column: Int, row: Int)? {
        var column = 0
        var letters = 0
        var row = 0
        var digits = 0
        for byte in reference.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"):
                guard digits == 0, letters < 3 else { return nil }
                column = column * 26 + Int((byte & 0xDF) - UInt8(ascii: "A")) + 1
                letters += 1
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                guard letters > 0, digits < 7 else { return nil }
                row = row * 10 + Int(byte - UInt8(ascii: "0"))
                digits += 1
            default:
                return nil
            }
        }
        guard letters > 0, digits > 0, row > 0, column - 1 <= maxColumn else { return nil }
        return (column - 1, row)
    }

    /// The letters of column `index` (0 is `A`, 26 is `AA`).
    public static func columnName(_ index: Int) -> String {
        var number = index + 1
        var letters: [Character] = []
        while number > 0 {
            let remainder = (number - 1) % 26
            letters.append(Character(Unicode.Scalar(UInt8(ascii: "A") + UInt8(remainder))))
            number = (number - 1) / 26
        }
        return String(letters.reversed())
    }
}
