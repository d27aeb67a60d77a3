import Foundation

/// How an input's columns map to fields, as JSON (`specsplit classify --describe`): what a
/// caller needs to lay rows out for the classifier, such as a Spark job partitioning by
/// provider and spell id so that a spell's episodes reach one classifier together.
public struct ColumnDescription: Codable, Sendable, Equatable {
    /// The input's name.
    public var source: String
    /// `apc`, `op` or `slam`.
    public var shape: String
    /// True for admitted care at episode level: a spell's episodes must be adjacent.
    public var episodeLevel: Bool
    /// The input's columns.
    public var columns: [String]
    /// The classify stream's columns: the input's, `contract`, then the split's.
    public var outputColumns: [String]
    /// The 0-based column of each single-column field found (`provider`, `spell_id`, ...).
    public var fields: [String: Int]
    /// The diagnosis columns, in order (one: a concatenated list).
    public var diagnosisColumns: [Int]
    /// The procedure columns, in order (one: a concatenated list).
    public var procedureColumns: [Int]

    // Spelled out rather than a key strategy, which would also rewrite field names.
    enum CodingKeys: String, CodingKey {
        case source, shape, columns, fields
        case episodeLevel = "episode_level"
        case outputColumns = "output_columns"
        case diagnosisColumns = "diagnosis_columns"
        case procedureColumns = "procedure_columns"
    }

    /// The description of `map`, whose stream has `columns`.
    init(_ map: ColumnMap, columns: [String]) {
        source = map.source
        shape = map.shape.rawValue
        episodeLevel = map.isEpisodeLevel
        self.columns = map.header
        outputColumns = columns
        var fields: [String: Int] = [:]
        for (field, column) in map.columns { fields[field.name] = column }
        self.fields = fields
        diagnosisColumns = map.diagnosisColumns
        procedureColumns = map.procedureColumns
    }

    /// The description as JSON: keys sorted, ending in a line break.
    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(self)
        data.append(0x0A)
        return data
    }
}
