import Foundation

extension PublishingJob {
    /// `--report` (split or compare): writes the report into the staging directory's
    /// `report/` (so it is published with the rest, atomically) and returns its files as
    /// outputs for the manifest. It reads the CSV files just written, the rejects file
    /// (`rejects.csv`) among them, and `manifestJSON`, the manifest they will be listed in.
    func writeReport(manifestJSON: Data, staging: StagingArea) throws -> [Manifest.Output] {
        let runManifest = try RunManifest(data: manifestJSON, path: staging.path("manifest.json"))
        try staging.makeDirectory("report")
        let files = try ReportWriter.write(
            manifest: runManifest,
            placement: .init(
                output: staging.staging, directory: staging.path("report"), outputLink: staging.target,
                reportLink: (staging.target as NSString).appendingPathComponent("report"), digest: publishing.digest))
        logger.info("wrote the report: \(files.count) files in report/")
        return files.map {
            Manifest.Output(path: "report/" + $0.path, rows: 0, bytes: $0.bytes, digest: $0.digest, algorithm: publishing.digest)
        }
    }
}
