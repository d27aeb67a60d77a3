/// How a row's contract is decided.
public enum ContractKeyMode: String, Sendable, CaseIterable {
    /// Provider and commissioner (the default).
    case providerCommissioner = "provider-commissioner"
    /// Provider, commissioner and the contract or agreement column.
    case withContract = "provider-commissioner-contract"
}

/// One contract of a run: the provider, commissioner and (optionally) contract it stands for.
public struct Contract: Sendable, Equatable {
    /// The provider code (normalised: `RJE00` is `RJE`).
    public var provider: String
    /// The commissioner code.
    public var commissioner: String
    /// The contract or agreement (empty unless keyed by it).
    public var contract: String
    /// The folder under `contracts/`, unique in the run: `RJE_5PK` or `RJE_5PK_C123`.
    public var key: String
}

/// Gives each (provider, commissioner[, contract]) a dense index, in order of first sight,
/// so per-row routing is one integer lookup and output order is deterministic.
public struct ContractRegistry: Sendable {
    private var index = KeyIndex()
    private var usedKeys: Set<String> = []
    /// The contracts, by index.
    public private(set) var contracts: [Contract] = []

    /// An empty registry.
    public init() {}

    /// The index of the contract of a row, registering it on first sight.
    @inline(__always)
    public mutating func index(provider: PackedCode, commissioner: PackedCode, contract: UnsafeRawBufferPointer?) -> Int32 {
        let contractHash = contract.map { $0.isEmpty ? 0 : FNV1a.hash($0) } ?? 0
        if let found = index.find(provider.raw, commissioner.raw, contractHash) { return found }
        return register(provider: provider, commissioner: commissioner, contract: contract, contractHash: contractHash)
    }

    private mutating func register(
        provider: PackedCode, commissioner: PackedCode, contract: UnsafeRawBufferPointer?, contractHash: UInt64
    ) -> Int32 {
        let contractText = contract.map { String(decoding: $0, as: UTF8.self) } ?? ""
        let providerText = provider.isEmpty ? "NONE" : provider.description
        let commissionerText = commissioner.isEmpty ? "NONE" : commissioner.description
        var folder = Self.safe(providerText) + "_" + Self.safe(commissionerText)
        if contract != nil { folder += "_" + (contractText.isEmpty ? "NONE" : Self.safe(contractText)) }
        var unique = folder
        var suffix = 2
        while usedKeys.contains(unique) {
            unique = "\(folder)~\(suffix)"
            suffix += 1
        }
        usedKeys.insert(unique)
        let position = Int32(contracts.count)
        contracts.append(Contract(provider: providerText, commissioner: commissionerText, contract: contractText, key: unique))
        index.insert(provider.raw, commissioner.raw, contractHash, value: position)
        return position
    }

    /// (provider, commissioner, contract hash) to contract index: open addressing over flat
    /// arrays with ``KeyHash``, and the last hit remembered (extracts usually
    /// come sorted by provider), so a row costs a compare or one probe, not a SipHash.
    struct KeyIndex: Sendable {
        private var keys: [UInt64] = Array(repeating: 0, count: 3 * 64)
        private var values: [Int32] = Array(repeating: -1, count: 64)
        private var count = 0
        private var last = 0  // slot of the last hit

        @inline(__always)
        mutating func find(_ a: UInt64, _ b: UInt64, _ c: UInt64) -> Int32? {
            if values[last] >= 0 && keys[3 * last] == a && keys[3 * last + 1] == b && keys[3 * last + 2] == c {
                return values[last]
            }
            let mask = values.count - 1
            var slot = KeyHash.mix(a, b, c) & mask
            while values[slot] >= 0 {
                if keys[3 * slot] == a && keys[3 * slot + 1] == b && keys[3 * slot + 2] == c {
                    last = slot
                    return values[slot]
                }
                slot = (slot + 1) & mask
            }
            return nil
        }

        mutating func insert(_ a: UInt64, _ b: UInt64, _ c: UInt64, value: Int32) {
            if (count + 1) * 2 > values.count { grow() }
            let mask = values.count - 1
            var slot = KeyHash.mix(a, b, c) & mask
            while values[slot] >= 0 { slot = (slot + 1) & mask }
            keys[3 * slot] = a
            keys[3 * slot + 1] = b
            keys[3 * slot + 2] = c
            values[slot] = value
            count += 1
        }

        private mutating func grow() {
            let old = (keys, values)
            keys = Array(repeating: 0, count: 3 * old.1.count * 2)
            values = Array(repeating: -1, count: old.1.count * 2)
            count = 0
            last = 0
            for slot in old.1.indices where old.1[slot] >= 0 {
                insert(old.0[3 * slot], old.0[3 * slot + 1], old.0[3 * slot + 2], value: old.1[slot])
            }
        }
    }

    /// A folder-safe form of a code: letters, digits, `-` and `.` kept, anything else `_`.
    static func safe(_ text: String) -> String {
        let kept = text.unicodeScalars.prefix(64).map { scalar -> Character in
            let c = Character(scalar)
            return (scalar.isASCII && (c.isLetter || c.isNumber || c == "-" || c == ".")) ? c : "_"
        }
        let result = String(kept)
        return result.isEmpty || result.allSatisfy({ $0 == "." }) ? "_" : result
    }
}
