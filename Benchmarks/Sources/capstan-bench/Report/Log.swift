import Foundation

/// Progress messages on standard error (standard output carries only results).
enum Log {
    static func say(_ message: String) {
        FileHandle.standardError.write(Data("[capstan-bench] \(message)\n".utf8))
    }
}
