import Foundation
import Synchronization

/// With `CAPSTAN_LIVE_TRANSCRIPT=/path/file` set, every frame the test clients send (`>>`) and receive
/// (`<<`) is appended to that file: real examples for docs/protocol.md, and a trace when a test fails.
final class LiveTranscriptFile: Sendable {
    static let shared = LiveTranscriptFile(path: ProcessInfo.processInfo.environment["CAPSTAN_LIVE_TRANSCRIPT"])

    private let handle: Mutex<FileHandle?>

    private init(path: String?) {
        guard let path, !path.isEmpty else {
            handle = Mutex(nil)
            return
        }
        if !FileManager.default.fileExists(atPath: path) { FileManager.default.createFile(atPath: path, contents: nil) }
        let file = FileHandle(forWritingAtPath: path)
        _ = try? file?.seekToEnd()
        handle = Mutex(file)
    }

    func append(_ label: String, _ direction: String, _ text: String) {
        handle.withLock { handle in
            guard let handle else { return }
            // Long frames (log bursts) are cut: the file is for reading.
            let shown = text.count > 4000 ? String(text.prefix(4000)) + "…" : text
            handle.write(Data("\(label) \(direction) \(shown)\n".utf8))
        }
    }
}
