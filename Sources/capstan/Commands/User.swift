import ArgumentParser
import CapstanServer
import CapstanStore
import Foundation
import Logging

/// `capstan user …`: manage users directly in the database, so a locked-out operator can recover.
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Manage users in the database directly.",
        subcommands: [Add.self, List.self, Passwd.self, SetRole.self, Disable.self, Enable.self, Delete.self]
    )

    /// Runs `body` with the auth service over the configured store (audited as the CLI).
    static func withAuth(_ options: StoreOptions, _ body: (AuthService, any CapstanStore) async throws -> Void) async throws {
        var logger = Logger(label: "capstan.cli")
        logger.logLevel = .warning
        let store = try await options.open(logger: logger)
        do {
            let auth = try await AuthService.start(store: store, configuration: AuthConfiguration(), logger: logger)
            try await body(auth, store)
        } catch {
            try? await store.close()
            throw error
        }
        try await store.close()
    }

    /// The CLI's row in the audit log.
    static var client: ClientInfo { ClientInfo(address: "cli:\(ProcessInfo.processInfo.userName)", requestID: nil) }

    /// A password from standard input (one line) or, on a terminal, typed twice without echo.
    static func readPassword(fromStandardInput: Bool, confirm: Bool = true) throws -> String {
        if fromStandardInput || isatty(STDIN_FILENO) == 0 {
            guard let line = readLine(strippingNewline: true), !line.isEmpty else { throw CLIError("no password on standard input") }
            return line
        }
        let first = String(cString: getpass("Password: "))
        guard confirm else { return first }
        let second = String(cString: getpass("Again: "))
        guard first == second else { throw CLIError("the passwords differ") }
        return first
    }

    static func user(_ name: String, in store: any CapstanStore) async throws -> User {
        guard let user = try await store.users.get(name: name) else { throw CLIError("no user named '\(name)'") }
        return user
    }

    static func audit(_ auth: AuthService, _ action: String, _ user: User, _ parameters: [String: String] = [:]) async throws {
        try await auth.auditor.record(
            AuditEntry(
                user: "cli", clientAddress: client.address, action: action, objectID: user.id.uuidString, objectName: user.name,
                parameters: parameters, result: .success
            )
        )
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a user (password read from the terminal or stdin).")
        @OptionGroup var store: StoreOptions
        @Option(help: "viewer, operator or admin.") var role: String = "viewer"
        @Flag(help: "Read the password from standard input.") var passwordStdin = false
        @Argument(help: "The user name.") var name: String

        func run() async throws {
            guard let role = Role(rawValue: role) else { throw ValidationError("--role must be viewer, operator or admin") }
            let password = try UserCommand.readPassword(fromStandardInput: passwordStdin)
            try await UserCommand.withAuth(store) { auth, _ in
                do {
                    let user = try await auth.createUser(name: name, password: password, role: role, actor: nil, client: UserCommand.client)
                    print("created \(user.name) (\(user.role.rawValue))")
                } catch let error as APIError {
                    throw CLIError(error.body.message)
                }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List users.")
        @OptionGroup var store: StoreOptions

        func run() async throws {
            try await UserCommand.withAuth(store) { _, store in
                for user in try await store.users.list() {
                    print("\(user.name)\t\(user.role.rawValue)\(user.disabled ? "\tdisabled" : "")")
                }
            }
        }
    }

    struct Passwd: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Set a user's password (ends their sessions).")
        @OptionGroup var store: StoreOptions
        @Flag(help: "Read the password from standard input.") var passwordStdin = false
        @Argument var name: String

        func run() async throws {
            let password = try UserCommand.readPassword(fromStandardInput: passwordStdin)
            try await UserCommand.withAuth(store) { auth, store in
                let user = try await UserCommand.user(name, in: store)
                do { try auth.checkPassword(password) } catch let error as APIError { throw CLIError(error.body.message) }
                _ = try await store.users.setPasswordHash(id: user.id, to: try await auth.hashPassword(password))
                _ = try await store.refreshTokens.revokeAll(userID: user.id, at: Date())
                try await UserCommand.audit(auth, "user.password", user, ["password": "reset"])
                print("password of \(user.name) changed; their sessions ended")
            }
        }
    }

    struct SetRole: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "role", abstract: "Change a user's role.")
        @OptionGroup var store: StoreOptions
        @Argument var name: String
        @Argument(help: "viewer, operator or admin.") var role: String

        func run() async throws {
            guard let role = Role(rawValue: role) else { throw ValidationError("role must be viewer, operator or admin") }
            try await UserCommand.withAuth(store) { auth, store in
                let user = try await UserCommand.user(name, in: store)
                _ = try await store.users.updateRole(id: user.id, to: role)
                try await UserCommand.audit(auth, "user.update", user, ["role": role.rawValue])
                print("\(user.name) is now \(role.rawValue)")
            }
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Refuse a user's sign-ins and end their sessions.")
        @OptionGroup var store: StoreOptions
        @Argument var name: String

        func run() async throws {
            try await UserCommand.withAuth(store) { auth, store in
                let user = try await UserCommand.user(name, in: store)
                _ = try await store.users.setDisabled(id: user.id, true)
                _ = try await store.refreshTokens.revokeAll(userID: user.id, at: Date())
                try await UserCommand.audit(auth, "user.update", user, ["disabled": "true"])
                print("\(user.name) disabled")
            }
        }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Allow a disabled user to sign in again.")
        @OptionGroup var store: StoreOptions
        @Argument var name: String

        func run() async throws {
            try await UserCommand.withAuth(store) { auth, store in
                let user = try await UserCommand.user(name, in: store)
                _ = try await store.users.setDisabled(id: user.id, false)
                try await UserCommand.audit(auth, "user.update", user, ["disabled": "false"])
                print("\(user.name) enabled")
            }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a user.")
        @OptionGroup var store: StoreOptions
        @Argument var name: String

        func run() async throws {
            try await UserCommand.withAuth(store) { auth, store in
                let user = try await UserCommand.user(name, in: store)
                _ = try await store.refreshTokens.revokeAll(userID: user.id, at: Date())
                try await store.users.delete(id: user.id)
                try await UserCommand.audit(auth, "user.delete", user)
                print("\(user.name) deleted")
            }
        }
    }
}
