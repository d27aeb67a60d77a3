import CSupport

/// The "by service, HRG, value and provider" view contract teams read: per contract,
/// category, service, HRG and setting, the rows, activity and value written.
///
/// The service is the service line for specialised rows and the service group otherwise
/// (prison and military activity has no national service code). Rows are keyed by
/// integers on the hot path; names are looked up only when the file is written.
///
/// Hundreds of thousands of lines are usual (thousands of contracts, each with hundreds of
/// HRGs), and every written row adds to one, so the table is flat: lines of 48 bytes (key
/// packed in three words, exact totals) in order of first sight, found through an
/// open-addressing index of 32-bit slots hashed with ``KeyHash``. Lines are kept in pages
/// of 32,768 that never move, so growing never holds two copies of them at once.
///
/// With that many lines, each row's slot and line are usually not in cache. A split adds
/// its rows a batch at a time (``Pending``), asking for the slot of a row a few rows ahead
/// and then for its line, so the waits overlap instead of adding up.
public struct SummaryTable: Sendable {
    /// A summary line's key.
    public struct Key: Hashable, Sendable {
        /// Contract index.
        public var contract: Int32
        /// Category index.
        public var category: Int32
        /// The service: a packed service line, or a service group index with the top bit set.
        public var service: UInt64
        /// The HRG (packed).
        public var hrg: UInt64
        /// The setting: an index into the names the table is written with (`APC`, `NAC`,
        /// or a contract-monitoring point of delivery); below 2^24.
        public var setting: UInt32 = 0

        /// A key; `category` must be below 256.
        public init(contract: Int32, category: Int32, service: UInt64, hrg: UInt64, setting: UInt32 = 0) {
            self.contract = contract
            self.category = category
            self.service = service
            self.hrg = hrg
            self.setting = setting
        }
    }

    /// One summary line: its key packed in three words, and its totals (48 bytes).
    ///
    /// Amounts are summed in 64 bits (±9.2 million million pounds in millionths), which
    /// any real line stays far within; a sum that would overflow them is moved, exactly,
    /// to the table's `spilled` totals and the line starts again from zero.
    struct Line {
        /// The contract in the high 32 bits, the setting in the next 24, the category in
        /// the low 8.
        var contractCategory: UInt64
        var service: UInt64
        var hrg: UInt64
        var rows: Int
        var activityMicros: Int64
        var valueMicros: Int64

        var key: Key {
            Key(
                contract: Int32(truncatingIfNeeded: contractCategory >> 32),
                category: Int32(truncatingIfNeeded: contractCategory & 0xFF), service: service, hrg: hrg,
                setting: UInt32(truncatingIfNeeded: (contractCategory >> 8) & 0xFF_FFFF))
        }
    }

    /// The lines in the order they first appeared, in pages of `pageSize`.
    private var pages: [[Line]] = []
    /// What lines' 64-bit amounts could not hold, by line index: a line's totals are its
    /// own plus these.
    private var spilled: [Int: (activity: Int128, value: Int128)] = [:]
    /// The number of lines.
    private var lineCount = 0
    private static let pageShift = 15
    private static let pageSize = 1 << pageShift
    /// An open-addressing index over `lines` (linear probing): a line's index plus one, 0
    /// for a free slot. A power of two in size, never more than three quarters full.
    private var slots = [UInt32](repeating: 0, count: 1024)

    /// An empty table.
    public init() {}

    /// The service key of a service line.
    @inlinable public static func service(line: PackedCode) -> UInt64 { line.raw }
    /// The service key of a service group.
    @inlinable public static func service(group: Int) -> UInt64 { (1 << 63) | UInt64(group) }
    /// The service group index a service key holds, or nil when it is a service line.
    @inlinable static func group(ofService service: UInt64) -> Int? {
        service & (1 << 63) != 0 ? Int(service & ~(1 << 63)) : nil
    }

    /// The number of summary lines.
    public var count: Int { lineCount }

    /// Adds a written row.
    @inline(__always)
    public mutating func add(_ key: Key, activity: Amount, value: Amount) {
        let contractCategory = Self.pack(key)
        add(
            contractCategory, key.service, key.hrg, hash: KeyHash.mix(contractCategory, key.service, key.hrg),
            activityMicros: activity.micros, valueMicros: value.micros)
    }

    @inline(__always)
    private mutating func add(
        _ contractCategory: UInt64, _ service: UInt64, _ hrg: UInt64, hash: Int, activityMicros: Int64, valueMicros: Int64
    ) {
        let (slot, index) = find(contractCategory, service, hrg, hash: hash)
        guard let index else {
            insert(
                Line(
                    contractCategory: contractCategory, service: service, hrg: hrg, rows: 1,
                    activityMicros: activityMicros, valueMicros: valueMicros),
                at: slot)
            return
        }
        let page = index >> Self.pageShift
        let offset = index & (Self.pageSize - 1)
        pages[page][offset].rows &+= 1
        let (activity, activityOverflow) = pages[page][offset].activityMicros.addingReportingOverflow(activityMicros)
        let (value, valueOverflow) = pages[page][offset].valueMicros.addingReportingOverflow(valueMicros)
        if activityOverflow || valueOverflow {
            spill(index, activityMicros: activityMicros, valueMicros: valueMicros)
            return
        }
        pages[page][offset].activityMicros = activity
        pages[page][offset].valueMicros = value
    }

    /// Moves line `index`'s amounts, plus those being added, to `spilled`.
    @inline(never)
    private mutating func spill(_ index: Int, activityMicros: Int64, valueMicros: Int64) {
        let page = index >> Self.pageShift
        let offset = index & (Self.pageSize - 1)
        var moved = spilled[index] ?? (0, 0)
        moved.activity += Int128(pages[page][offset].activityMicros) + Int128(activityMicros)
        moved.value += Int128(pages[page][offset].valueMicros) + Int128(valueMicros)
        spilled[index] = moved
        pages[page][offset].activityMicros = 0
        pages[page][offset].valueMicros = 0
    }

    /// Line `index`'s totals: its own amounts and any spilled.
    private func totals(of index: Int) -> Totals {
        let line = self.line(index)
        let moved = spilled[index] ?? (0, 0)
        var totals = Totals()
        totals.rows = line.rows
        totals.activityMicros = Int128(line.activityMicros) + moved.activity
        totals.valueMicros = Int128(line.valueMicros) + moved.value
        return totals
    }

    /// Rows waiting to be added together: keys packed as in a line and hashed once (the
    /// hash serves both fetches ahead and the lookup), amounts in micros.
    public struct Pending: Sendable {
        struct Row {
            var contractCategory: UInt64
            var service: UInt64
            var hrg: UInt64
            var hash: Int
            var activityMicros: Int64
            var valueMicros: Int64
        }
        fileprivate var rows: [Row] = []

        public init() { rows.reserveCapacity(1 << 12) }

        /// Rows waiting.
        public var count: Int { rows.count }

        /// Notes a written row, to be added with the others.
        @inline(__always)
        public mutating func add(_ key: Key, activity: Amount, value: Amount) {
            let contractCategory = SummaryTable.pack(key)
            rows.append(Row(
                contractCategory: contractCategory, service: key.service, hrg: key.hrg,
                hash: KeyHash.mix(contractCategory, key.service, key.hrg), activityMicros: activity.micros,
                valueMicros: value.micros))
        }
    }

    /// How many rows ahead a slot is fetched; its line is fetched half as far ahead.
    private static let fetchDistance = 16

    /// Adds the rows waiting in `pending` (in order: lines appear in order of first sight)
    /// and empties it.
    public mutating func add(_ pending: inout Pending) {
        let count = pending.rows.count
        pending.rows.withUnsafeBufferPointer { rows in
            for index in 0..<count {
                if index &+ Self.fetchDistance < count { fetchSlot(rows[index &+ Self.fetchDistance].hash) }
                if index &+ Self.fetchDistance / 2 < count { fetchLine(rows[index &+ Self.fetchDistance / 2].hash) }
                let row = rows[index]
                add(
                    row.contractCategory, row.service, row.hrg, hash: row.hash, activityMicros: row.activityMicros,
                    valueMicros: row.valueMicros)
            }
        }
        pending.rows.removeAll(keepingCapacity: true)
    }

    @inline(__always)
    private func fetchSlot(_ hash: Int) {
        slots.withUnsafeBufferPointer { specsplit_prefetch($0.baseAddress! + (hash & ($0.count - 1))) }
    }

    /// Fetches the line in the first slot the hash leads to (where the line usually is).
    @inline(__always)
    private func fetchLine(_ hash: Int) {
        let slot = Int(slots[hash & (slots.count - 1)])
        guard slot != 0 else { return }
        let index = slot - 1
        pages[index >> Self.pageShift].withUnsafeBufferPointer {
            specsplit_prefetch($0.baseAddress! + (index & (Self.pageSize - 1)))
        }
    }

    /// The totals of the line `key`, if a row was added to it.
    func totals(_ key: Key) -> Totals? {
        let contractCategory = Self.pack(key)
        return find(contractCategory, key.service, key.hrg, hash: KeyHash.mix(contractCategory, key.service, key.hrg))
            .index.map { totals(of: $0) }
    }

    /// Where a key is: its line's index, or nil and the free slot where it would go.
    @inline(__always)
    private func find(
        _ contractCategory: UInt64, _ service: UInt64, _ hrg: UInt64, hash: Int
    ) -> (slot: Int, index: Int?) {
        let mask = slots.count - 1
        var slot = hash & mask
        while slots[slot] != 0 {
            let index = Int(slots[slot]) - 1
            let line = self.line(index)
            if line.contractCategory == contractCategory && line.service == service && line.hrg == hrg {
                return (slot, index)
            }
            slot = (slot &+ 1) & mask
        }
        return (slot, nil)
    }

    /// Appends a new line whose key hashed to the free `slot`; doubles the index when it
    /// would be more than three quarters full.
    @inline(never)
    private mutating func insert(_ line: Line, at slot: Int) {
        precondition(lineCount < Int(UInt32.max - 1), "the summary has more lines than it can index")
        if lineCount == pages.count << Self.pageShift {
            pages.append([])
            pages[pages.count - 1].reserveCapacity(Self.pageSize)
        }
        pages[pages.count - 1].append(line)
        lineCount += 1
        slots[slot] = UInt32(lineCount)
        guard lineCount * 4 > slots.count * 3 else { return }
        var bigger = [UInt32](repeating: 0, count: slots.count * 2)
        let mask = bigger.count - 1
        var index = 0
        for page in pages {
            for line in page {
                var free = KeyHash.mix(line.contractCategory, line.service, line.hrg) & mask
                while bigger[free] != 0 { free = (free &+ 1) & mask }
                index += 1
                bigger[free] = UInt32(index)
            }
        }
        slots = bigger
    }

    /// Line `index` (in order of first sight).
    @inline(__always)
    private func line(_ index: Int) -> Line { pages[index >> Self.pageShift][index & (Self.pageSize - 1)] }

    @inline(__always)
    fileprivate static func pack(_ key: Key) -> UInt64 {
        UInt64(UInt32(bitPattern: key.contract)) << 32 | UInt64(key.setting & 0xFF_FFFF) << 8
            | UInt64(UInt32(bitPattern: key.category) & 0xFF)
    }


    /// What a summary is written with beside its lines: the names its indexes stand for.
    public struct Names: Sendable {
        /// The run's contracts, by index.
        public var contracts: [Contract]
        /// The rule set's categories.
        public var categories: [String]
        /// The rule set's service group names.
        public var groups: [String]
        /// The settings (`APC`, `NAC`, points of delivery), by index.
        public var settings: [String] = [""]
        /// The description of each service line (packed), from `service-lines.csv`.
        public var descriptions: [UInt64: String] = [:]

        /// Names for a summary.
        public init(contracts: [Contract], categories: [String], groups: [String], settings: [String] = [""], descriptions: [UInt64: String] = [:]) {
            self.contracts = contracts
            self.categories = categories
            self.groups = groups
            self.settings = settings
            self.descriptions = descriptions
        }
    }

    /// The summary as CSV rows, for lines keyed without a setting.
    public func rows(contracts: [Contract], categories: [String], groups: [String]) -> [[String]] {
        rows(Names(contracts: contracts, categories: categories, groups: groups))
    }

    /// Writes the summary of lines keyed without a setting.
    public func write(to path: String, contracts: [Contract], categories: [String], groups: [String]) throws -> OutputPool.Written {
        try write(to: path, Names(contracts: contracts, categories: categories, groups: groups))
    }

    /// The summary as CSV rows, sorted by contract, category, service, HRG and setting.
    public func rows(_ names: Names) -> [[String]] {
        sortedIndexes(names).map { position in
            let index = Int(position)
            let line = self.line(index)
            let key = line.key
            let contract = names.contracts[Int(key.contract)]
            let totals = totals(of: index)
            let service = Self.group(ofService: key.service).map { names.groups[$0] } ?? PackedCode(raw: key.service).description
            let description = Self.group(ofService: key.service) == nil ? names.descriptions[key.service] ?? "" : ""
            return [contract.key, contract.provider, contract.commissioner, names.categories[Int(key.category)], service,
                    PackedCode(raw: key.hrg).description, String(totals.rows), totals.activity, totals.value,
                    names.settings[Int(key.setting)], description]
        }
    }

    /// Writes the summary (header and sorted lines) to `path`; returns its lines, bytes and digest.
    ///
    /// Byte for byte what ``rows(contracts:categories:groups:)`` holds, written without a
    /// `String` per field: names are encoded once, codes and amounts written as bytes.
    public func write(to path: String, _ names: Names, digest: DigestAlgorithm = .sha256) throws -> OutputPool.Written {
        let writer = try CSVWriter(path: path, digest: digest, exclusive: true)
        try writer.writeRow(Self.header)
        let contractFields = EncodedFields(rows: names.contracts.map { [$0.key, $0.provider, $0.commissioner] })
        let categoryFields = EncodedFields(names.categories)
        let groupFields = EncodedFields(names.groups)
        let settingFields = EncodedFields(names.settings)
        let number = UnsafeMutablePointer<UInt8>.allocate(capacity: Totals.maxFormattedBytes)
        defer { number.deallocate() }
        func amount(_ micros: Int128) throws {
            try writer.writeEncoded(UnsafeRawBufferPointer(start: number, count: Totals.format(micros, into: number)))
        }
        func integer(_ value: Int) throws {
            try writer.writeEncoded(UnsafeRawBufferPointer(start: number, count: Totals.format(value, into: number)))
        }
        for position in sortedIndexes(names) {
            let index = Int(position)
            let line = self.line(index)
            let key = line.key
            try contractFields.withField(Int(key.contract)) { try writer.writeEncoded($0) }
            try categoryFields.withField(Int(key.category)) { try writer.writeEncoded($0) }
            if let group = Self.group(ofService: key.service) {
                try groupFields.withField(group) { try writer.writeEncoded($0) }
            } else {
                try PackedCode(raw: key.service).withText { try writer.writeField($0) }
            }
            try PackedCode(raw: key.hrg).withText { try writer.writeField($0) }
            let totals = totals(of: index)
            try integer(totals.rows)
            try amount(totals.activityMicros)
            try amount(totals.valueMicros)
            try settingFields.withField(Int(key.setting)) { try writer.writeEncoded($0) }
            try writer.writeField(Self.group(ofService: key.service) == nil ? names.descriptions[key.service] ?? "" : "")
            try writer.endRow()
        }
        try writer.close()
        return writer.written(rows: lineCount)
    }

    /// The indexes of the lines sorted by contract, category, service, HRG and setting.
    ///
    /// Sorting is on integer ranks (each name ranked once), so a summary of hundreds of
    /// thousands of lines sorts without comparing strings. Lines are first gathered by
    /// contract (a counting sort, 4 bytes a line), then each contract's are sorted on
    /// their own: the summary is the largest thing a run holds, and sorting it whole took
    /// as much memory again as its lines.
    private func sortedIndexes(_ names: Names) -> [UInt32] {
        let (contracts, categories, groups) = (names.contracts, names.categories, names.groups)
        func ranks(_ names: [String]) -> [Int] {
            var rank = [Int](repeating: 0, count: names.count)
            for (position, index) in names.indices.sorted(by: { names[$0] < names[$1] }).enumerated() { rank[index] = position }
            return rank
        }
        let contractRank = ranks(contracts.map(\.key))
        let categoryRank = ranks(categories)
        let groupRank = ranks(groups)
        let settingRank = ranks(names.settings)
        // A category's services are all service lines or all groups; lines sort by their
        // packed code (byte order), groups by name.
        func serviceRank(_ service: UInt64) -> UInt64 {
            Self.group(ofService: service).map { Self.service(group: groupRank[$0]) } ?? service
        }
        func rank(ofLine index: Int) -> Int { contractRank[Int(line(index).contractCategory >> 32)] }

        var starts = [Int](repeating: 0, count: contracts.count + 1)
        for index in 0..<lineCount { starts[rank(ofLine: index) + 1] += 1 }
        for position in 0..<contracts.count { starts[position + 1] += starts[position] }
        var order = [UInt32](repeating: 0, count: lineCount)
        var next = starts
        for index in 0..<lineCount {
            let position = rank(ofLine: index)
            order[next[position]] = UInt32(index)
            next[position] += 1
        }
        // Within a contract: keys side by side, so the sort reads memory in order.
        var keys: [(category: Int, service: UInt64, hrg: UInt64, setting: Int, index: UInt32)] = []
        for position in 0..<contracts.count where starts[position + 1] - starts[position] > 1 {
            let range = starts[position]..<starts[position + 1]
            keys.removeAll(keepingCapacity: true)
            for slot in range {
                let line = self.line(Int(order[slot]))
                let key = line.key
                keys.append((
                    categoryRank[Int(key.category)], serviceRank(line.service), line.hrg, settingRank[Int(key.setting)],
                    order[slot]))
            }
            keys.sort { ($0.category, $0.service, $0.hrg, $0.setting) < ($1.category, $1.service, $1.hrg, $1.setting) }
            for (slot, key) in zip(range, keys) { order[slot] = key.index }
        }
        return order
    }

    /// The header of summary.csv.
    public static let header = [
        "contract", "provider", "commissioner", "category", "service", "hrg", "rows", "activity", "value", "setting",
        "service_description",
    ]
}
