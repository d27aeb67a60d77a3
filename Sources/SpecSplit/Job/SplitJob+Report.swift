import Foundation

extension SplitJob {
    /// `split --report`: writes the report into the staging directory's `report/` (so it is
    /// published with the rest, atomically) and lists its files in `manifest`'s outputs. It
    /// reads the CSV files just written, the rejects file (`rejects.csv`) among them.
    func writeReport(into manifest: inout Manifest, staging: StagingArea) throws {
        let runManifest = try RunManifest(data: try manifest.json(), path: staging.path("manifest.json"))
        try staging.makeDirectory("report")
        let files = try ReportWriter.write(
            manifest: runManifest,
            placement: .init(
                output: staging.staging, directory: staging.path("report"), outputLink: staging.target,
                reportLink: (staging.target as NSString).appendingPathComponent("report")))
        manifest.outputs += files.map {
            Manifest.Output(path: "report/" + $0.path, rows: 0, bytes: $0.bytes, sha256: $0.sha256)
        }
        manifest.outputs.sort { $0.path < $1.path }
        logger.info("wrote the report: \(files.count) files in report/")
    }
}
