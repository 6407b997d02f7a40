import HTTPTypes

extension HTTPResponse.Status {
    /// 207: the request was carried out on several objects and some of them failed (project actions).
    static let multiStatus = HTTPResponse.Status(code: 207, reasonPhrase: "Multi-Status")
}
