import Hummingbird
import Logging

/// Serves the web UI: `/` (the page), `/ui/…` (its modules and styles) and `/vendor/…` (the
/// Debian-packaged libraries: Bootstrap 5, dygraphs) and `/vendor-node/…` (xterm.js, which Debian
/// packages as a Node module) from three folders on disk.
///
/// Files are served by Hummingbird's `FileMiddleware` behind ``StaticFilesMiddleware``, which refuses
/// unsafe paths before any file is looked up and adds the caching and security headers. The UI is a
/// fallback: it only answers paths no API route matched, so it can never shadow `/api/…`.
struct UIController<Context: RequestContext> {
    /// The folder holding `index.html`, `css/` and `js/`.
    let uiDirectory: String
    /// The folder holding the packaged libraries (`bootstrap5/`, `dygraphs/`).
    let vendorDirectory: String
    /// The folder holding packaged Node modules (`xterm/`, from `node-xterm`), served at `/vendor-node/…`.
    let nodeModulesDirectory: String

    /// Adds the static files to `router`; must be called after the API routes are added.
    func addRoutes(to router: Router<Context>) {
        // The file provider announces its folder at `info`; a missing folder is the only thing worth telling.
        var logger = Logger(label: "capstan.ui")
        logger.logLevel = .warning
        let status = UIDirectories.check(ui: uiDirectory, vendor: vendorDirectory, nodeModules: nodeModulesDirectory)
        for problem in status.problems {
            logger.warning("web UI degraded", metadata: ["problem": "\(problem)"])
        }
        router.add(middleware: StaticFilesMiddleware<Context>(
                uiDirectory: uiDirectory, vendorDirectory: vendorDirectory, nodeModulesDirectory: nodeModulesDirectory, logger: logger
            ))
    }
}
