import Foundation
import ZIPFoundation

/// A ZIP package read whole-entry at a time: the container of `.xlsx` (and other Office
/// Open XML) files. The ZIP format itself is ZIPFoundation's; this type adds the checks a
/// file from elsewhere needs (an entry larger than it says, or than a limit, is refused)
/// and errors that name the file.
public struct ZipPackage {
    /// The package's path, as given.
    public let path: String
    private let archive: Archive

    /// The most bytes one entry may expand to: an `.xlsx` part of the size of a year's rules
    /// is a few MiB; a ZIP bomb is stopped here.
    public static let defaultEntryLimit = 256 << 20

    /// Opens the package at `path` for reading.
    /// - Throws: ``WorkbookError`` when it is not a readable ZIP file.
    public init(path: String) throws {
        self.path = path
        do {
            archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        } catch {
            throw WorkbookError(
                path: path,
                message: "not a readable .xlsx workbook (it is not a ZIP file: \(error)); "
                    + "save it from the spreadsheet program as Excel Workbook (.xlsx), or export its tables to CSV")
        }
    }

    /// The paths of the package's entries, in the order stored.
    public var entryPaths: [String] { archive.map(\.path) }

    /// The bytes of the entry at `entryPath` (no leading `/`), or nil when there is none.
    /// - Throws: ``WorkbookError`` when the entry is larger than `limit` or cannot be read.
    public func bytes(of entryPath: String, limit: Int = ZipPackage.defaultEntryLimit) throws -> [UInt8]? {
        guard let entry = archive[entryPath] else { return nil }
        if entry.uncompressedSize > UInt64(limit) {
            throw WorkbookError(path: path, message: "\(entryPath) expands to more than \(limit >> 20) MiB")
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(entry.uncompressedSize))
        do {
            _ = try archive.extract(entry, skipCRC32: false) { chunk in
                if bytes.count + chunk.count > limit {
                    throw WorkbookError(path: path, message: "\(entryPath) expands to more than \(limit >> 20) MiB")
                }
                bytes.append(contentsOf: chunk)
            }
        } catch let error as WorkbookError {
            throw error
        } catch {
            throw WorkbookError(path: path, message: "cannot read \(entryPath) from the ZIP package: \(error)")
        }
        return bytes
    }
}
