/// The settings a summary names, by index: `APC` and `NAC` for admitted and outpatient
/// extracts, a contract-monitoring line's point of delivery (`EL`, `OPFA`...) otherwise.
/// A run has a handful, so a line keeps a small index instead of the text.
struct SettingNames {
    /// The names, by index (index 0 is the empty setting).
    private(set) var names: [String] = [""]
    private var byName: [String: UInt32] = ["": 0]
    private var byPOD: [UInt64: UInt32] = [:]
    /// The last point of delivery looked up: lines of one extract repeat a few.
    private var lastPOD: UInt64 = 0
    private var lastIndex: UInt32 = 0
    /// The setting of every row of the current input, when its shape fixes one (APC, NAC).
    private var fixed: UInt32?

    /// Starts an input: its rows' setting is its shape's when the shape fixes one.
    mutating func begin(_ input: PipelineInput) {
        fixed = input.fixedSetting.map { index(of: $0.description) }
    }

    /// The index of a row's setting: the input's fixed one, or its point of delivery's.
    @inline(__always)
    mutating func index(of record: UnsafeMutablePointer<ActivityRecord>, spellings: [PackedCode: String]) -> UInt32 {
        fixed ?? index(ofPOD: record.pointee.pod, spellings: spellings)
    }

    /// The index of `name`, adding it at first sight.
    mutating func index(of name: String) -> UInt32 {
        if let found = byName[name] { return found }
        let index = UInt32(names.count)
        names.append(name)
        byName[name] = index
        return index
    }

    /// The index of a point of delivery (its text as written in the rule set when it is a
    /// long code packed by hash).
    @inline(__always)
    mutating func index(ofPOD pod: PackedCode, spellings: [PackedCode: String]) -> UInt32 {
        if pod.raw == lastPOD && pod.raw != 0 { return lastIndex }
        let index = byPOD[pod.raw] ?? add(pod, spellings: spellings)
        lastPOD = pod.raw
        lastIndex = index
        return index
    }

    private mutating func add(_ pod: PackedCode, spellings: [PackedCode: String]) -> UInt32 {
        let text = pod.isHashed ? spellings[pod] ?? "" : pod.description
        let index = index(of: text)
        byPOD[pod.raw] = index
        return index
    }
}
