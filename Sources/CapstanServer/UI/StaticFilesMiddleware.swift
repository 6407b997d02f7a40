import HTTPTypes
import Hummingbird
import Logging

/// The UI's static files: safe paths only, the right content types, and caching that suits each folder.
///
/// - `/` and `/index.html`: the page, revalidated on every load (`no-cache` + ETag), with a strict
///   Content-Security-Policy (scripts from this origin only).
/// - `/ui/…`: the page's modules and styles, revalidated on every load (there is no build step that
///   would give them versioned names), so an upgrade is picked up at once and an unchanged file is a 304.
/// - `/vendor/…`: the packaged libraries, cached for a day (they change only with a package upgrade).
/// - `/vendor-node/…`: packaged Node modules (`node-xterm`), their `.js` files wrapped by ``CommonJSModule``
///   so the page can load them; cached like `/vendor/`.
struct StaticFilesMiddleware<Context: RequestContext>: RouterMiddleware {
    private let page: FileMiddleware<Context, LocalFileSystem>
    private let ui: FileMiddleware<Context, LocalFileSystem>
    private let vendor: FileMiddleware<Context, LocalFileSystem>
    private let nodeModules: FileMiddleware<Context, LocalFileSystem>

    /// Scripts and styles from this origin only; inline styles for the chart library's legend.
    static var contentSecurityPolicy: String {
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
        + "connect-src 'self'; font-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    }

    // HTTPTypes has no constants for these two; the literals are valid field names.
    private static var referrerPolicy: HTTPField.Name { HTTPField.Name("Referrer-Policy")! }
    private static var frameOptions: HTTPField.Name { HTTPField.Name("X-Frame-Options")! }

    init(uiDirectory: String, vendorDirectory: String, nodeModulesDirectory: String, logger: Logger) {
        let revalidate = CacheControl([(MediaType(type: .any), [.noCache])])
        let day = CacheControl([(MediaType(type: .any), [.public, .maxAge(86_400)])])
        let types: [String: MediaType] = [
            "js": MediaType(type: .text, subType: "javascript", parameter: ("charset", "utf-8")),
            "mjs": MediaType(type: .text, subType: "javascript", parameter: ("charset", "utf-8")),
            "css": MediaType(type: .text, subType: "css", parameter: ("charset", "utf-8")),
            "html": MediaType(type: .text, subType: "html", parameter: ("charset", "utf-8")),
            "map": MediaType(type: .application, subType: "json"),
            "svg": MediaType(type: .image, subType: "svg+xml"),
        ]
        self.page = FileMiddleware(uiDirectory, cacheControl: revalidate, searchForIndexHtml: true, logger: logger)
            .withAdditionalMediaTypes(forFileExtensions: types)
        self.ui = FileMiddleware(uiDirectory, urlBasePath: "/ui", cacheControl: revalidate, logger: logger)
            .withAdditionalMediaTypes(forFileExtensions: types)
        self.vendor = FileMiddleware(vendorDirectory, urlBasePath: "/vendor", cacheControl: day, logger: logger)
            .withAdditionalMediaTypes(forFileExtensions: types)
        self.nodeModules = FileMiddleware(nodeModulesDirectory, urlBasePath: "/vendor-node", cacheControl: day, logger: logger)
            .withAdditionalMediaTypes(forFileExtensions: types)
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        let files: FileMiddleware<Context, LocalFileSystem>
        let isPage: Bool
        switch StaticPath.classify(path) {
        case .notOurs:
            return try await next(request, context)
        case .rejected(let reason):
            throw APIError.badRequest(field: "path", reason)
        case .page:
            (files, isPage) = (page, true)
        case .ui:
            (files, isPage) = (ui, false)
        case .vendor:
            (files, isPage) = (vendor, false)
        case .nodeModule:
            (files, isPage) = (nodeModules, false)
        }
        var response: Response
        do {
            response = try await files.handle(request, context: context, next: next)
        } catch let error as HTTPError where error.status == .notFound {
            guard isPage else {
                throw APIError.notFound("no such file: \(path)")
            }
            return Self.missingPage()
        }
        if case .nodeModule = StaticPath.classify(path), path.hasSuffix(".js") {
            response = CommonJSModule.wrap(response, path: String(path.dropFirst("/vendor-node/".count)))
        }
        response.headers[.xContentTypeOptions] = "nosniff"
        if isPage {
            response.headers[.contentSecurityPolicy] = Self.contentSecurityPolicy
            response.headers[Self.referrerPolicy] = "same-origin"
            response.headers[Self.frameOptions] = "DENY"
        }
        return response
    }

    /// What `/` answers when the UI folder has no `index.html`: a page that says how to fix it.
    static func missingPage() -> Response {
        let html = """
            <!doctype html><meta charset="utf-8"><title>Capstan</title>
            <body style="font:16px system-ui;margin:3em;max-width:40em">
            <h1>Capstan is running, but its web UI files were not found</h1>
            <p>The API answers under <code>/api/v1</code>. To serve the UI, start the server with
            <code>--ui-dir PATH</code> (or <code>CAPSTAN_UI_DIR</code>) pointing at the repository's
            <code>ui/</code> folder.</p>
            """
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(status: .notFound, headers: headers, body: .init(byteBuffer: .init(string: html)))
    }
}
