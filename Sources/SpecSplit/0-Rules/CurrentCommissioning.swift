/// A row of `current-commissioning.csv`: who commissions activity today, by the code the
/// extract carries. It lets a split say which rows are commissioned by the wrong body (the
/// 2011 policy's migration lists; today's "variance" of the assigned commissioner).
///
/// A row's current category comes first from its service category code (the extract's
/// `service_category` field, e.g. `Commissioned_Service_Category_Code`) looked up among the
/// `service_category` rows; where that field is absent or empty, from its commissioner code
/// among the `commissioner` rows. A code not listed is `unknown`, unless its kind has a `*`
/// row. Unknown rows are counted, never guessed.
public struct CurrentCommissioning: Hashable, Sendable {
    /// Which code of the row the entry matches.
    public enum Kind: String, Hashable, Sendable, CaseIterable {
        /// The commissioned service category code (`21` specialised, `22` specialised mental
        /// health, `61` armed forces, `71` health and justice, `92` Ministry of Defence).
        case serviceCategory = "service_category"
        /// The commissioner code (`XMD` for the armed forces, a specialised commissioning
        /// body's code).
        case commissioner
    }

    /// Which code it matches.
    public var kind: Kind
    /// The code, upper case; `*` for any code of this kind not listed.
    public var code: String
    /// The category that commissions such rows today (one of the rule set's categories).
    public var category: String
    /// The line of `current-commissioning.csv` it was read from (0 when built in memory).
    public var line: Int

    /// An entry mapping `code` of `kind` to `category`.
    public init(kind: Kind, code: String, category: String, line: Int = 0) {
        self.kind = kind
        self.code = code
        self.category = category
        self.line = line
    }

    /// The code that matches every code of its kind not listed.
    public static let anyCode = "*"
}
