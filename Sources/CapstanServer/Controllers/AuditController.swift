import CapstanStore
import Foundation
import Hummingbird
import NIOCore

/// `GET /api/v1/audit` (admin): filter by user, action, object, result and time; page with `after`;
/// `format=csv` or `format=json` (JSON lines) to export.
struct AuditController {
    let auth: AuthService

    func addRoutes(to api: RouterGroup<CapstanRequestContext>) {
        api.get("audit") { request, _ in
            let query = QueryReader(request)
            var filter = AuditQuery()
            filter.user = query.string("user")
            filter.action = query.string("action")
            filter.objectID = query.string("object")
            filter.objectName = query.string("objectName")
            filter.since = try query.timestamp("since")?.date
            filter.until = try query.timestamp("until")?.date
            if let result = query.string("result") {
                guard let parsed = AuditResult(rawValue: result) else {
                    throw APIError.badRequest(field: "result", "result must be success, failure or denied")
                }
                filter.result = parsed
            }
            filter.limit = try query.int("limit", in: 1...AuditQuery.maximumLimit) ?? 100
            filter.after = try query.int("after", in: 0...Int.max).map(Int64.init)
            let finalFilter = filter
            let page = try await auth.storeCall { try await auth.store.audit.query(finalFilter) }
            switch query.string("format") ?? "page" {
            case "csv":
                return Self.download(AuditCSV.document(page.entries), type: "text/csv; charset=utf-8", name: "audit.csv")
            case "json":
                return Self.download(AuditJSONLines.document(page.entries), type: "application/x-ndjson", name: "audit.jsonl")
            case "page":
                // Times as RFC 3339, like the exports (a plain JSONEncoder would send seconds since 2001).
                let encoder = JSONEncoder()
                encoder.dateEncodingStrategy = .iso8601
                var headers = HTTPFields()
                headers[.contentType] = "application/json; charset=utf-8"
                let data = try encoder.encode(AuditPageView(entries: page.entries, next: page.next))
                return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(data: data)))
            default:
                throw APIError.badRequest(field: "format", "format must be csv or json")
            }
        }
    }

    private static func download(_ text: String, type: String, name: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = type
        headers[.contentDisposition] = "attachment; filename=\"\(name)\""
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}

/// A page of audit rows, newest first, with the cursor of the next page.
struct AuditPageView: Encodable {
    let entries: [AuditEntry]
    let next: Int64?
}
