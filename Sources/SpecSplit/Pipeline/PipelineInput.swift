/// One input as a ``RowPipeline`` reads it: its name, its column map, where the columns the
/// pipeline itself reads are, and which layout group its rows belong to.
public struct PipelineInput: Sendable {
    /// The input's place in the run (0-based).
    public let index: Int
    /// The name used in messages and outputs: the path, or `standard input`.
    public let source: String
    /// The header mapped to logical fields.
    public let map: ColumnMap
    /// The group of inputs sharing this input's header (``OutputGroup``), by index.
    public let group: Int
    /// The setting every row has when the shape fixes it (spells and episodes are APC,
    /// attendances NAC); nil for contract-monitoring lines, whose point of delivery decides.
    public let fixedSetting: Setting?
    /// The contract column when it is part of the contract key; -1 otherwise.
    public let contractColumn: Int
    /// The activity and value columns; -1 when absent.
    public let activityColumn: Int
    public let valueColumn: Int
    /// The spell id column when the extract is at episode level; -1 otherwise.
    public let spellColumn: Int
    /// The column that identifies a row to a person (a spell, attendance or line id), or
    /// -1: the spell id when the extract has one, else a column named like an attendance
    /// or line identifier.
    public let idColumn: Int

    /// Folded names of columns that identify an attendance or a line.
    static let identifierNames: Set<String> = ["attendanceident", "attendanceid", "attendid", "lineid", "rowid", "recordid"]

    init(index: Int, source: String, plan: InputPlan, group: Int) {
        self.index = index
        self.source = source
        map = plan.map
        self.group = group
        fixedSetting = plan.map.shape.fixedSetting
        contractColumn = plan.contractKeyed ? (plan.map.column(.contract) ?? -1) : -1
        activityColumn = plan.map.column(.activity) ?? -1
        valueColumn = plan.map.column(.value) ?? -1
        spellColumn = plan.map.isEpisodeLevel ? (plan.map.column(.spellId) ?? -1) : -1
        idColumn =
            plan.map.column(.spellId)
            ?? plan.map.header.firstIndex { PipelineInput.identifierNames.contains(FieldAliases.fold($0)) } ?? -1
    }
}

/// What reading one input amounted to, handed to the sink after its last rows.
public struct InputReport: Sendable {
    /// Data rows read.
    public var rows = 0
    /// Rows rejected (unreadable, an amount that is not a number, a spell that comes back).
    public var rejected = 0
    /// Bytes of content read (after gzip decompression).
    public var contentBytes: UInt64 = 0
    /// Bytes on disk (0 for standard input).
    public var fileSize: UInt64 = 0
    /// The digest of the content read, hex (SHA-256 unless the run chose another).
    public var digest = ""
    /// Per rule set: the input's quality findings (badly shaped codes, rules that could not
    /// be tested for lack of a column, duplicate column names, a missing value column).
    public var quality: [QualityLog] = []
    /// Doubts about the input's mapping that the run accepted (`--allow-partial-mapping`).
    public var mappingWarnings: [MappingProblem] = []
}
