import SpecSplit

/// The provider x commissioner pairs (contracts) an extract's rows are spread over.
///
/// `K` contracts come from about `sqrt(K)` providers, each contracting with about
/// `sqrt(K)` commissioners: real trust codes first (`RJE`, `RQ3`, `RRK`...), then codes
/// made up in the same shape, with one provider in ten an independent-sector 5-character
/// code (`NT401`). Some trusts write their code with the `00` site suffix (`RJE00`): a
/// property of the provider, so the pairs as written are still exactly `K`. With two or
/// more contracts the last one is with the Ministry of Defence (`XMD`).
struct ContractTable {
    /// Providers as written in the extract.
    let providers: [ShortCode]
    /// Commissioners (PCT codes, and `XMD`).
    let commissioners: [ShortCode]
    /// The provider and commissioner of each contract.
    let pairs: [(provider: Int, commissioner: Int)]
    /// Each provider's market forces factor in ten-thousandths (1.0000 to 1.2499).
    let marketForces: [Int]

    /// The Ministry of Defence's commissioner code.
    static let ministryOfDefence: ShortCode = "XMD"

    /// NHS trusts, in the order they are used. High-secure mental health trusts (RHA,
    /// RKL, RW4) are left out: every admission there is specialised under the rules.
    static let knownTrusts: [String] = [
        "RJE", "RQ3", "RRK", "RX1", "RTH", "RBV", "RR8", "RAL", "RM1", "RRV", "RAN", "R1H", "RL1", "RJ1",
        "RRJ", "RP4", "RJZ", "RWE", "RTD", "RHQ", "RTR", "RXN", "RWA", "RCB", "RA7", "RK9", "RVJ", "RNZ",
        "RDZ", "RBZ", "RTG", "RWD", "RGT", "RXH", "RH8", "RD1", "RYJ", "RJ7", "RAJ", "RLN",
    ]
    /// PCT codes, in the order they are used.
    static let knownCommissioners: [String] = [
        "5PK", "5MX", "5QA", "5N1", "5HQ", "5NT", "5J5", "5K5", "5A3", "5QJ", "5NW", "5NV", "5KM", "5N4",
        "5QG", "5NE", "5PA", "5C1", "5LQ", "5P1", "5NL", "5HG", "5J4", "5M3", "5PG",
    ]

    /// The largest number of contracts supported.
    static let maximumContracts = 100_000

    /// Builds `count` contracts (1 ... ``maximumContracts``).
    init(count: Int) {
        precondition(count >= 1 && count <= Self.maximumContracts)
        var providerCount = 1
        while providerCount * providerCount < count { providerCount += 1 }
        let commissionerCount = (count + providerCount - 1) / providerCount
        let trusts = Self.trustCodes(max(providerCount, 1))
        var independents = Self.independentCodes().makeIterator()
        var providers: [ShortCode] = []
        var marketForces: [Int] = []
        var trustIndex = 0
        for index in 0..<providerCount {
            let hash = ShortCode("P\(index)").stableHash
            marketForces.append(10_000 + Int(hash % 2500))
            if index % 10 == 5, let code = independents.next() {
                providers.append(ShortCode(code))
                continue
            }
            let trust = trusts[trustIndex]
            trustIndex += 1
            providers.append(ShortCode(index % 7 == 3 ? trust + "00" : trust))
        }
        var commissioners = Self.commissionerCodes(commissionerCount).map { ShortCode($0) }
        var pairs: [(provider: Int, commissioner: Int)] = []
        pairs.reserveCapacity(count)
        for k in 0..<count {
            let p = k % providerCount
            let c = (k / providerCount + p) % commissionerCount
            pairs.append((p, c))
        }
        if count >= 2 {
            commissioners.append(Self.ministryOfDefence)
            pairs[count - 1].commissioner = commissioners.count - 1
        }
        self.providers = providers
        self.commissioners = commissioners
        self.pairs = pairs
        self.marketForces = marketForces
    }

    /// Number of contracts.
    var count: Int { pairs.count }

    private static let alphanumerics = Array("0123456789ABCDEFGHJKLMNPQRTVWXY")

    private static func trustCodes(_ count: Int) -> [String] {
        var codes = knownTrusts
        var seen = Set(codes + ["RHA", "RKL", "RW4"])
        outer: for first in Array("ABCDEFGHJKLMNPQRTVWXY") {
            for second in alphanumerics {
                if codes.count >= count { break outer }
                let code = "R\(first)\(second)"
                if seen.insert(code).inserted { codes.append(code) }
            }
        }
        return codes
    }

    private static func independentCodes() -> [String] {
        var codes: [String] = []
        for prefix in ["NT4", "NT3", "NVC", "NTP", "NPG", "NYW", "NT2", "NQM"] {
            for number in 1...99 where number % 10 != 0 {  // never a `00` ending (a site suffix)
                codes.append(prefix + (number < 10 ? "0\(number)" : "\(number)"))
            }
        }
        return codes
    }

    private static func commissionerCodes(_ count: Int) -> [String] {
        var codes = Array(knownCommissioners.prefix(count))
        var seen = Set(knownCommissioners)
        outer: for first in Array("ABCDEFGHJKLMNPQRTVWY") {
            for second in alphanumerics {
                if codes.count >= count { break outer }
                let code = "5\(first)\(second)"
                if seen.insert(code).inserted { codes.append(code) }
            }
        }
        return codes
    }

    /// The contract of the `index`th spell or line: the first `count` take one contract
    /// each (so every contract appears), then larger contracts are likelier, and about
    /// 0.3% of activity goes to the Ministry of Defence contract.
    @inline(__always)
    func draw(index: Int, _ random: inout GeneratorRandom) -> Int {
        if index < pairs.count { return index }
        let ordinary = pairs.count >= 2 ? pairs.count - 1 : pairs.count
        if ordinary < pairs.count && random.chance(300) { return pairs.count - 1 }
        return min(random.below(ordinary), random.below(ordinary))
    }
}
