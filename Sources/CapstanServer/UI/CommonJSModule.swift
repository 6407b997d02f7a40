import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// A CommonJS file (Node's `exports`/`require`) served as a classic script the page can load.
///
/// Debian packages some browser libraries only as Node modules: `node-xterm` installs xterm.js 3.8 as the
/// compiled CommonJS files of its `lib/` (`libjs-xterm`'s `xterm.js` is a stub that calls `require`). The
/// page's Content-Security-Policy allows scripts from this origin only (no `eval`, no `blob:`), so the
/// browser cannot wrap them itself. The server does, file by file and without a build step: each one
/// becomes `capstanModules.define("<path>", function (exports, require, module) { … })`, and
/// `ui/js/vendor/commonjs.js` loads the files a module needs and links them.
enum CommonJSModule {
    /// The text before the file: registers the module under its path (`xterm/lib/Terminal.js`).
    static func prefix(path: String) -> ByteBuffer {
        // JSON string encoding: the path is checked by StaticPath, but quotes in a file name must not end the literal.
        let name = (try? JSONEncoder().encode(path)).map { String(decoding: $0, as: UTF8.self) } ?? "\"\""
        return ByteBuffer(string: "capstanModules.define(\(name), function (exports, require, module) {\n")
    }

    /// The text after the file; the newline ends a trailing `//` comment (source map links have one).
    static let suffix = ByteBuffer(string: "\n});\n")

    /// `response` with its body wrapped; the length changes, so it is no longer announced (nor ranges offered).
    static func wrap(_ response: Response, path: String) -> Response {
        var response = response
        guard response.status == .ok else { return response }
        response.headers[.contentLength] = nil
        response.headers[.acceptRanges] = nil
        response.headers[.contentType] = "text/javascript; charset=utf-8"
        let body = response.body
        let head = Self.prefix(path: path)
        let tail = Self.suffix
        response.body = ResponseBody { writer in
            try await writer.write(head)
            try await body.write(SuffixWriter(base: writer, suffix: tail))
        }
        return response
    }
}

/// Passes a body through and writes `suffix` before it finishes.
private struct SuffixWriter: ResponseBodyWriter {
    var base: any ResponseBodyWriter
    let suffix: ByteBuffer

    mutating func write(_ buffer: ByteBuffer) async throws {
        try await base.write(buffer)
    }

    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {
        try await base.write(suffix)
        try await base.finish(trailingHeaders)
    }
}
