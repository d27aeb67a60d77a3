import ArgumentParser
import SpecSplit

/// `specsplit inspect FILE...`: check an extract before a split.
struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show each input's shape, which column serves each field, its row count and first malformed rows.",
        discussion: ExitCodes.section([0, 64, 65, 66, 74])
    )

    @OptionGroup var mapping: MappingOptions

    @Option(name: .long, help: "How many malformed rows to list per input.")
    var show: Int = 10

    @Argument(help: "Input files (plain or gzip; - for standard input).")
    var inputs: [String]

    func run() throws {
        let overrides = try mapping.overrides()
        var unmapped = 0
        var refused = 0
        for path in inputs {
            do {
                let inspection = try Inspection.run(
                    path: path, overrides: overrides, shape: mapping.shape, keep: show,
                    allowPartialMapping: mapping.allowPartialMapping)
                print(inspection.report)
                if !inspection.refusals.isEmpty { refused += 1 }
            } catch let error as MappingError {
                // Every input is inspected: say what is wrong with each, then fail.
                printError(error.description)
                unmapped += 1
            }
        }
        if unmapped > 0 {
            throw ReportedFailure(
                description: "\(unmapped) of \(inputs.count) input(s) cannot be mapped (above)", exitCode: ExitStatus.data)
        }
        if refused > 0 {
            throw ReportedFailure(
                description: "split would refuse \(refused) of \(inputs.count) input(s) (above)", exitCode: ExitStatus.data)
        }
    }
}

/// Column mapping flags shared by the commands that read extracts.
struct MappingOptions: ParsableArguments {
    @Option(name: .customLong("map"), help: "Name the column of a field: FIELD=COLUMN (repeatable; DIAG_01;DIAG_02 for lists).")
    var maps: [String] = []

    @Option(help: "The extract's shape when it cannot be recognised: apc, op or slam.")
    var shape: ExtractShape?

    @Flag(help: "Accept a mapping that is only partly right (a numbered list without its first column, a value or activity column taken by fallback, values mostly not shaped like their field) as a warning instead of refusing the input.")
    var allowPartialMapping = false

    func overrides() throws -> [Field: String] {
        do { return try MappingError.parseOverrides(maps) } catch let error as MappingError {
            throw ValidationError(error.description)
        }
    }
}

extension ExtractShape: ExpressibleByArgument {}
