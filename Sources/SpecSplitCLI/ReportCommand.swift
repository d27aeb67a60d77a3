import ArgumentParser
import Foundation
import SpecSplit

/// `specsplit report OUT --out REPORTDIR`: the HTML report and workbook of an output
/// already published.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the HTML report and workbook of a published split or comparison into a directory of its own.",
        discussion: """
            Reads only OUT's CSV files and manifest.json (never the extracts) and never writes into OUT. Publishes \
            REPORTDIR atomically: index.html (the overview), contracts/<contract>.html (a page per contract) and \
            specsplit.xlsx. The pages are static files that need no network: open index.html in a browser. Links to \
            OUT's CSV files are relative, so keep the two directories side by side when moving them. \
            split --report publishes the same report inside OUT, as OUT/report/.

            """ + ExitCodes.section([0, 64, 65, 66, 73, 74, 75])
    )

    @Argument(help: "The published output directory (of specsplit split or compare).")
    var output: String

    @Option(help: "The report directory, published atomically (not OUT, nor inside it).")
    var out: String

    @Option(help: "The rejects file, for an output that does not list its own rejects.csv (e.g. OUT.rejects.csv).")
    var rejects: String?

    @Flag(help: "Replace REPORTDIR if it exists.")
    var force = false

    @OptionGroup var logging: LoggingOptions

    func run() throws {
        let logger = logging.bootstrap(configLevel: nil, configQuiet: nil)
        var job = ReportJob(output: output, reportDirectory: out)
        job.force = force
        job.rejects = rejects
        _ = try job.run(logger: logger)
    }
}
