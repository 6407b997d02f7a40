import CapstanStore
import CapstanWire
import Hummingbird

/// `GET /api/v1/settings` and `PUT /api/v1/settings/{key}` (admin): the switches of ``ServerSetting``.
/// A change is audited (`settings.update`) with the old and new value; a refused one as a failure.
struct SettingsController {
    let auth: AuthService

    func addRoutes(to api: RouterGroup<CapstanRequestContext>) {
        api.get("settings") { _, _ in
            ServerSetting.allCases.map(view)
        }
        api.put("settings/:key") { request, context in
            let key = context.parameters.get("key") ?? ""
            do {
                guard let setting = ServerSetting(rawValue: key) else {
                    throw APIError.notFound(
                        "no setting '\(key)'; the settings are \(ServerSetting.allCases.map(\.rawValue).joined(separator: ", "))"
                    )
                }
                let update: SettingUpdate
                do {
                    update = try await context.requestDecoder.decode(SettingUpdate.self, from: request, context: context)
                } catch {
                    throw APIError.badRequest(field: "value", "send {\"value\": true} or {\"value\": false}")
                }
                try await auth.auditor.ensureAvailable()
                let old = auth.settings.value(setting)
                try await auth.storeCall { try await auth.settings.set(setting, to: update.value) }
                try await auth.auditor.record(entry(context, key: key, result: .success, parameters: ["old": String(old), "new": String(update.value)]))
                return view(setting)
            } catch {
                let message = (error as? APIError)?.body.message ?? "\(error)"
                try? await auth.auditor.record(entry(context, key: String(key.prefix(200)), result: .failure, error: message))
                throw error
            }
        }
    }

    private func view(_ setting: ServerSetting) -> SettingView {
        SettingView(key: setting.rawValue, value: auth.settings.value(setting), defaultValue: setting.defaultValue, summary: setting.summary)
    }

    private func entry(
        _ context: CapstanRequestContext, key: String, result: AuditResult, parameters: [String: String] = [:], error: String? = nil
    ) -> AuditEntry {
        AuditEntry(
            user: context.identity?.name, role: context.identity?.role, clientAddress: context.clientAddress, requestID: context.id,
            action: "settings.update", objectName: key, parameters: parameters, result: result, error: error
        )
    }
}
