import CapstanStore
import Foundation
import HTTPTypes
import Hummingbird

/// Records every state-changing engine request in the audit log: who, from where, what, on which
/// engine and object, with which parameters, and how it ended. The audit must be writable before
/// the action runs; otherwise the action is refused.
struct AuditMiddleware: RouterMiddleware {
    typealias Context = CapstanRequestContext
    let auditor: Auditor

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        guard request.method != .get, request.method != .head, path.hasPrefix("/api/v1/engines/") else {
            return try await next(request, context)
        }
        try await auditor.ensureAvailable()
        let segments = path.split(separator: "/").map(String.init)
        // /api/v1/engines/{engine}/{kind}/{object}/{verb}
        let engine = segments.count > 3 ? segments[3] : nil
        let object = segments.count > 5 ? (segments[5].removingPercentEncoding ?? segments[5]) : nil
        var parameters: [String: String] = [:]
        for (key, value) in request.uri.queryParameters where key != "token" {
            parameters[String(key)] = String(value)
        }
        var entry = AuditEntry(
            user: context.identity?.name, role: context.identity?.role, clientAddress: context.clientAddress, requestID: context.id,
            action: Self.action(method: request.method, path: path), engine: engine, objectID: object, objectName: object,
            parameters: parameters, result: .success
        )
        do {
            let response = try await next(request, context)
            if response.status.code >= 400 {
                entry.result = .failure
                entry.error = "HTTP \(response.status.code)"
            } else if response.status == .multiStatus {
                // A project action where some containers failed: each one has its own row.
                entry.result = .failure
                entry.error = "partial failure (HTTP 207); see the rows of this request id"
            }
            try await auditor.record(entry)
            return response
        } catch {
            entry.result = .failure
            entry.error = (error as? APIError)?.body.message ?? ErrorMiddleware<Context>.map(error, engine: engine).body.message
            try? await auditor.record(entry)
            throw error
        }
    }

    /// A stable action name: `POST …/containers/{id}/start` → `container.start`, `DELETE …/images/{ref}` → `image.remove`.
    static func action(method: HTTPRequest.Method, path: String) -> String {
        let segments = path.split(separator: "/").map(String.init)
        guard segments.count > 4, segments[2] == "engines" else {
            return "\(method.rawValue.lowercased()) \(path)"
        }
        let kind = String(segments[4].dropLast(segments[4].hasSuffix("s") ? 1 : 0))
        if segments.count == 5 {
            return method == .post ? "\(kind).create" : "\(kind).\(method.rawValue.lowercased())"
        }
        if segments.count == 6 {
            if ["prune", "import", "pull"].contains(segments[5]) { return "\(kind).\(segments[5])" }
            return method == .delete ? "\(kind).remove" : "\(kind).\(method.rawValue.lowercased())"
        }
        return "\(kind).\(segments[6])"
    }
}
