import Foundation

/// Writes to standard error.
enum FileHandleBox {
    static func write(_ string: String) {
        FileHandle.standardError.write(Data(string.utf8))
    }
}
