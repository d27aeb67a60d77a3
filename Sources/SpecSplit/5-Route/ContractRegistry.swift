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
    private struct Key: Hashable {
        var provider: UInt64
        var commissioner: UInt64
        var contract: UInt64
    }
    private var index: [Key: Int32] = [:]
    private var usedKeys: Set<String> = []
    /// The contracts, by index.
    public private(set) var contracts: [Contract] = []

    /// An empty registry.
    public init() {}

    /// The index of the contract of a row, registering it on first sight.
    @inlinable
    public mutating func index(provider: PackedCode, commissioner: PackedCode, contract: UnsafeRawBufferPointer?) -> Int32 {
        lookup(provider: provider, commissioner: commissioner, contract: contract)
    }

    @usableFromInline
    mutating func lookup(provider: PackedCode, commissioner: PackedCode, contract: UnsafeRawBufferPointer?) -> Int32 {
        let contractHash = contract.map { $0.isEmpty ? 0 : QualityLog.hash($0) } ?? 0
        let key = Key(provider: provider.raw, commissioner: commissioner.raw, contract: contractHash)
        if let found = index[key] { return found }
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
        index[key] = position
        return position
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
