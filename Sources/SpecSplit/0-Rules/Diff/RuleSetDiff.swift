import Foundation

/// What changed between two rule sets, one ``RuleSetChange`` a change: rules (every column,
/// and the order of the local rules, which decides), code-set members, service lines and
/// their ranks, practices, prison postcodes, service groups (and their order), points of
/// delivery and categories. `specsplit rules diff OLD NEW` prints it; `rules-diff.csv` is
/// the same.
///
/// Values are compared as the rule set's files write them (a condition as its cell text,
/// `@cf_icd`), so a change to a code set shows once, as its members, not again in every
/// rule that names the set. The name, year, description and source in `ruleset.toml` are
/// not compared: they differ between any two years.
///
/// ```swift
/// let diff = RuleSetDiff(old: try RuleSet.load(directory: "rules/2011-12"),
///                        new: try RuleSet.load(directory: "rules/2012-13"))
/// try StandardStreams.write(Data(diff.csv))
/// ```
public struct RuleSetDiff: Sendable {
    /// The header of the CSV form.
    public static let header = ["table", "key", "change", "column", "old", "new", "old_location", "new_location"]

    /// The tables in the order their changes are listed.
    public static let tables = [
        "categories", "service-lines", "rules", "code-sets", "practices", "prison-postcodes", "service-groups",
        "pod-settings", "current-commissioning",
    ]

    /// Every change: table by table (``tables``), then by key (byte order); an entry's
    /// changes in its file's column order.
    public let changes: [RuleSetChange]

    /// Compares `old` with `new`.
    public init(old: RuleSet, new: RuleSet) {
        var changes: [RuleSetChange] = []
        changes += RuleSetDiff.compare("categories", RuleSetDiff.categories(old), RuleSetDiff.categories(new))
        changes += RuleSetDiff.compare("service-lines", RuleSetDiff.serviceLines(old), RuleSetDiff.serviceLines(new))
        changes += RuleSetDiff.compare("rules", RuleSetDiff.rules(old), RuleSetDiff.rules(new))
        changes += RuleSetDiff.order(
            "rules", RuleSetDiff.rules(old).filter { $0.ordered }, RuleSetDiff.rules(new).filter { $0.ordered })
        changes += RuleSetDiff.codeSets(old, new)
        changes += RuleSetDiff.compare("practices", RuleSetDiff.practices(old), RuleSetDiff.practices(new))
        changes += RuleSetDiff.compare("prison-postcodes", RuleSetDiff.postcodes(old), RuleSetDiff.postcodes(new))
        let (oldGroups, newGroups) = (RuleSetDiff.serviceGroups(old), RuleSetDiff.serviceGroups(new))
        changes += RuleSetDiff.compare("service-groups", oldGroups, newGroups)
        changes += RuleSetDiff.order("service-groups", oldGroups, newGroups)
        changes += RuleSetDiff.compare("pod-settings", RuleSetDiff.podSettings(old), RuleSetDiff.podSettings(new))
        changes += RuleSetDiff.compare(
            "current-commissioning", RuleSetDiff.currentCommissioning(old), RuleSetDiff.currentCommissioning(new))
        let rank = Dictionary(uniqueKeysWithValues: RuleSetDiff.tables.enumerated().map { ($1, $0) })
        self.changes = changes.enumerated().sorted { a, b in
            let (x, y) = (a.element, b.element)
            if x.table != y.table { return rank[x.table]! < rank[y.table]! }
            if x.key != y.key { return x.key.utf8.lexicographicallyPrecedes(y.key.utf8) }
            return a.offset < b.offset
        }.map(\.element)
    }

    /// True when the rule sets have the same content in every table compared.
    public var isEmpty: Bool { changes.isEmpty }

    /// The changes as CSV: ``header``, then a line a change, fields quoted only where they
    /// must be, lines ending in LF.
    public var csv: [UInt8] {
        var bytes: [UInt8] = []
        for fields in [RuleSetDiff.header] + changes.map(\.fields) {
            CSVEncoding.append(fields: fields, to: &bytes)
            bytes.append(UInt8(ascii: "\n"))
        }
        return bytes
    }

    /// Writes ``csv`` to the file at `path` (created or replaced).
    /// - Throws: ``WriteError`` when it cannot be written.
    public func write(toFile path: String) throws {
        let bytes = csv
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
            throw WriteError.cannotCreate(path: path, reason: "the file could not be written")
        }
    }
}
