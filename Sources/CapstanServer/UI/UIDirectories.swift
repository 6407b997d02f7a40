import Foundation

/// Where the UI's files are when nobody says, and whether they are there.
public enum UIDirectories {
    /// Debian installs its JavaScript libraries here (`libjs-bootstrap5`, `libjs-dygraphs`, `libjs-xterm`).
    public static let defaultVendor = "/usr/share/javascript"
    /// Debian installs Node modules here; `node-xterm` puts xterm.js (CommonJS only) in `xterm/lib/`.
    public static let defaultNodeModules = "/usr/share/nodejs"

    /// The Node modules the page uses, relative to the Node modules folder, with their Debian package.
    public static let nodeModuleFiles: [(path: String, package: String)] = [
        ("xterm/lib/public/Terminal.js", "node-xterm")
    ]

    /// The libraries the page uses, relative to the vendor folder, with the Debian package that ships each.
    public static let vendorFiles: [(path: String, package: String)] = [
        ("bootstrap5/css/bootstrap.min.css", "libjs-bootstrap5"),
        ("dygraphs/dygraph.min.js", "libjs-dygraphs"),
    ]

    /// The repository's `ui/` folder: looked for next to the executable and in its parent folders (a
    /// `swift build` puts it at `.build*/<triple>/<config>/capstan`), in `../share/capstan/ui` (an
    /// installed layout), then in the current directory; `ui` when none has an `index.html`.
    public static func defaultUI(
        executable: String = CommandLine.arguments.first ?? "", currentDirectory: String = FileManager.default.currentDirectoryPath
    ) -> String {
        var candidates: [URL] = []
        if !executable.isEmpty {
            let binary = URL(fileURLWithPath: executable, relativeTo: URL(fileURLWithPath: currentDirectory, isDirectory: true))
                .resolvingSymlinksInPath()
            var folder = binary.deletingLastPathComponent()
            candidates.append(folder.appendingPathComponent("../share/capstan/ui").standardizedFileURL)
            for _ in 0..<5 {
                candidates.append(folder.appendingPathComponent("ui"))
                folder = folder.deletingLastPathComponent()
            }
        }
        candidates.append(URL(fileURLWithPath: currentDirectory, isDirectory: true).appendingPathComponent("ui"))
        for candidate in candidates where FileManager.default.fileExists(atPath: candidate.appendingPathComponent("index.html").path) {
            return candidate.path
        }
        return "ui"
    }

    /// What is missing, in sentences for the log.
    static func check(ui: String, vendor: String, nodeModules: String) -> (problems: [String], missingVendor: [String]) {
        var problems: [String] = []
        var missing: [String] = []
        if !FileManager.default.fileExists(atPath: (ui as NSString).appendingPathComponent("index.html")) {
            problems.append("no index.html in the UI folder '\(ui)': set --ui-dir or CAPSTAN_UI_DIR")
        }
        for file in vendorFiles where !FileManager.default.fileExists(atPath: (vendor as NSString).appendingPathComponent(file.path)) {
            missing.append(file.package)
            problems.append("'\(file.path)' is not in the vendor folder '\(vendor)': install \(file.package) or set --vendor-dir")
        }
        for file in nodeModuleFiles where !FileManager.default.fileExists(atPath: (nodeModules as NSString).appendingPathComponent(file.path)) {
            missing.append(file.package)
            problems.append("'\(file.path)' is not in the Node modules folder '\(nodeModules)': install \(file.package) or set --node-modules-dir")
        }
        return (problems, missing)
    }
}
