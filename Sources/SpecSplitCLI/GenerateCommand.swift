import ArgumentParser
import SpecSplit
import SpecSplitSynthetic

/// `specsplit generate`: write a deterministic synthetic extract (no real patient data).
struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a synthetic extract (apc, op or slam): the same arguments always give the same bytes.",
        discussion: """
            Rows look like real SUS and contract-monitoring extracts for 2012/13. A few per cent \
            carry the triggers of the sample 2012/13 rule set (specialised, chemotherapy and \
            radiotherapy, dental, military, prison) and about one in a thousand a badly shaped code.


            """ + ExitCodes.section([0, 64, 73, 74])
    )

    @Option(help: "The extract's shape: apc (admitted care), op (outpatients) or slam (contract monitoring).")
    var shape: ExtractShape

    @Option(help: "Data rows to write (the header is extra).")
    var rows: Int

    @Option(help: "Seed of the pseudo-random stream.")
    var seed: UInt64

    @Flag(help: "Admitted care at episode level: DIAG_nn/OPER_nn columns and 1-4 episodes per spell.")
    var episodes = false

    @Flag(
        help: """
            Admitted care spells in 18 narrow columns (about 113 bytes a row) instead of 34: the fields the \
            rules read, the month, the grand total and a free-text comment (quoted, with commas and line breaks).
            """)
    var narrow = false

    @Option(help: "Distinct provider x commissioner pairs (1 to 100000).")
    var contracts = 50

    @Option(name: [.short, .long], help: "Output file, or - for standard output.")
    var output = "-"

    @Flag(help: "Compress the output with gzip.")
    var gzip = false

    private var generator: ExtractGenerator {
        ExtractGenerator(
            shape: shape, rows: rows, seed: seed, episodes: episodes, contracts: contracts, narrow: narrow)
    }

    func validate() throws {
        do { try generator.validate() } catch let error as GenerateError {
            throw ValidationError(error.description)
        }
    }

    func run() throws {
        try generator.write(to: output, gzip: gzip)
    }
}
