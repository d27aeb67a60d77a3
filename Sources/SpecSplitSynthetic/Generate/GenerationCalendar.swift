import SpecSplit

/// Dates of one financial year (1 April to 31 March), prebuilt as bytes.
///
/// Days are numbered from the first day of the year (0 is 1 April); negative days, down
/// to ``lead``, reach back into the year before for admissions of long spells.
struct GenerationCalendar {
    /// The calendar year the financial year starts in (2012 for 2012/13).
    let startYear: Int
    /// How many days before 1 April a date can be written.
    let lead = 400
    /// `YYYY-MM-DD` for each day from `-lead`, 10 bytes each.
    private let isoDates: [UInt8]
    /// `YYYYMM` of each day from `-lead`.
    private let monthCodes: [ShortCode]
    /// First day of each month of the year (12 values) and the day after the year.
    let monthStarts: [Int]
    /// The financial year as extracts write it (`2012/13`).
    let financialYear: ShortCode

    init(startYear: Int) {
        self.startYear = startYear
        let first = Self.daysFromCivil(startYear, 4, 1)
        var isoDates: [UInt8] = []
        var monthCodes: [ShortCode] = []
        for day in (first - lead)..<(first + 366) {
            let (y, m, d) = Self.civilFromDays(day)
            isoDates +=
                Array(format4(y).utf8) + [0x2D] + Array(format2(m).utf8) + [0x2D]
                + Array(format2(d).utf8)
            monthCodes.append(ShortCode(format4(y) + format2(m)))
        }
        self.isoDates = isoDates
        self.monthCodes = monthCodes
        var starts: [Int] = []
        for month in 0..<12 {
            let m = (month + 3) % 12 + 1
            let y = month < 9 ? startYear : startYear + 1
            starts.append(Self.daysFromCivil(y, m, 1) - first)
        }
        starts.append(Self.daysFromCivil(startYear + 1, 4, 1) - first)
        monthStarts = starts
        financialYear = ShortCode("\(startYear)/" + format2((startYear + 1) % 100))
    }

    /// Days in the year.
    var length: Int { monthStarts[12] }

    /// A random day of month `month` (0 is April).
    @inline(__always)
    func day(inMonth month: Int, _ random: inout GeneratorRandom) -> Int {
        monthStarts[month] + random.below(monthStarts[month + 1] - monthStarts[month])
    }

    /// Writes `day` as `YYYY-MM-DD` (clamped to the table).
    @inline(__always)
    func putDate(_ day: Int, into row: inout RowBuffer) {
        let index = (max(day, -lead) + lead) * 10
        isoDates.withUnsafeBufferPointer { row.copy($0.baseAddress! + index, 10) }
    }

    /// The `YYYYMM` month of `day`.
    @inline(__always)
    func month(of day: Int) -> ShortCode { monthCodes[max(day, -lead) + lead] }

    /// The `YYYYMM` code of month `month` of the year (0 is April).
    func monthCode(_ month: Int) -> ShortCode { monthCodes[monthStarts[month] + lead] }

    // Howard Hinnant's days-from-civil and civil-from-days (proleptic Gregorian, day 0 = 1970-01-01).
    static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civilFromDays(_ days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

private func format2(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

private func format4(_ value: Int) -> String {
    let digits = "\(value)"
    return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
}
