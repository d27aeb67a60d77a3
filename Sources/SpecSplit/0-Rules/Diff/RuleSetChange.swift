/// One change between two rule sets: a line of `rules-diff.csv`.
public struct RuleSetChange: Hashable, Sendable {
    /// What happened to the entry.
    public enum Kind: String, Hashable, Sendable {
        /// The entry is only in the new rule set.
        case added
        /// The entry is only in the old rule set.
        case removed
        /// The entry is in both, and ``RuleSetChange/column`` differs.
        case changed
    }

    /// The table: `categories`, `service-lines`, `rules`, `code-sets`, `practices`,
    /// `prison-postcodes`, `service-groups` or `pod-settings`.
    public var table: String
    /// The entry: a rule id, a service line, a code set's name, a practice code, a postcode,
    /// a point of delivery, a category, or a service-group row's conditions (`pod=CC`).
    public var key: String
    /// Added, removed or changed.
    public var change: Kind
    /// The column that changed (for a code set, `code`: the member added or removed; for a
    /// local rule or service-group row that moved, `order`); empty for an entry added or
    /// removed whole.
    public var column: String
    /// The old value (empty for an addition).
    public var old: String
    /// The new value (empty for a removal).
    public var new: String
    /// Where the entry is in the old rule set: `file:line` (empty when it is not there or
    /// the rule set was not read from files).
    public var oldLocation: String
    /// Where the entry is in the new rule set.
    public var newLocation: String

    /// A change from its parts.
    public init(
        table: String, key: String, change: Kind, column: String = "", old: String = "", new: String = "",
        oldLocation: String = "", newLocation: String = ""
    ) {
        self.table = table
        self.key = key
        self.change = change
        self.column = column
        self.old = old
        self.new = new
        self.oldLocation = oldLocation
        self.newLocation = newLocation
    }

    /// The fields of the change's CSV line, in ``RuleSetDiff/header`` order.
    public var fields: [String] { [table, key, change.rawValue, column, old, new, oldLocation, newLocation] }
}
