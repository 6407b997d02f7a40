import ArgumentParser
import CapstanWire
import Foundation

/// `capstan login NAME`: signs in and prints an access token for `CAPSTAN_TOKEN`.
struct Login: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Sign in and print an access token (export it as CAPSTAN_TOKEN).",
        discussion: "The password is read from the terminal, or from standard input with --password-stdin."
    )

    @OptionGroup var options: ServerOptions

    @Flag(help: "Read the password from standard input.") var passwordStdin = false

    @Argument(help: "The user name.") var name: String

    func run() async throws {
        let password = try UserCommand.readPassword(fromStandardInput: passwordStdin, confirm: false)
        let pair = try await options.client.post(
            "/api/v1/auth/login", json: LoginRequest(name: name, password: password), as: TokenPairView.self
        )
        print(pair.accessToken)
    }
}
