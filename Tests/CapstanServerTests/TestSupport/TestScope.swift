import DockerEngine
import Foundation
import Synchronization
import Testing

/// The engine objects one test creates: unique names, the labels that mark them, and their removal.
///
/// Every object carries `capstan.test=1` and `capstan.test.run=<run>`; the cleanup removes everything
/// with this test's run label plus every name the test registered (an object may exist without the
/// label when the test made it through a route that sets none, or when a create half-failed).
final class TestScope: Sendable {
    /// This test's id, in every name and in the run label.
    let run: String
    /// The test image (`CAPSTAN_TEST_IMAGE`).
    let image: String
    private let registered = Mutex<Registered>(Registered())

    private struct Registered {
        var containers: [String] = []
        var volumes: [String] = []
        var networks: [String] = []
        var images: [String] = []
    }

    init(image: String) {
        self.run = UUID().uuidString.lowercased()
        self.image = image
    }

    /// The labels every test object carries.
    var labels: [String: String] { ["capstan.test": "1", "capstan.test.run": run] }

    /// The `label=capstan.test.run=<run>` filter value that selects this test's objects.
    var runLabel: String { "capstan.test.run=\(run)" }

    /// The filters JSON selecting this test's objects, for the list routes.
    var runFilter: String { #"{"label":["\#(runLabel)"]}"# }

    /// A fresh name, registered for removal: `capstan-<prefix>-<run>`.
    func containerName(_ prefix: String) -> String { register(\.containers, "capstan-\(prefix)-\(suffix())") }
    /// A fresh volume name, registered for removal.
    func volumeName(_ prefix: String) -> String { register(\.volumes, "capstan-\(prefix)-\(suffix())") }
    /// A fresh network name, registered for removal.
    func networkName(_ prefix: String) -> String { register(\.networks, "capstan-\(prefix)-\(suffix())") }
    /// A fresh repository (lower case, as the engine requires), whose tags the test registers with ``track(image:)``.
    func repository(_ prefix: String) -> String { "capstan-test/\(prefix)-\(suffix())" }

    /// Registers an image reference or id for removal.
    func track(image reference: String) { _ = register(\.images, reference) }

    private func suffix() -> String { "\(run.prefix(8))-\(UUID().uuidString.prefix(8).lowercased())" }

    private func register(_ list: WritableKeyPath<Registered, [String]>, _ name: String) -> String {
        registered.withLock { $0[keyPath: list].append(name) }
        return name
    }

    /// Removes everything this test created; records an issue for anything that will not go.
    func cleanUp(using docker: DockerClient) async {
        let names = registered.withLock { $0 }
        let filter: DockerFilters = ["label": [runLabel]]
        var failures: [String] = []
        func attempt(_ what: String, _ body: () async throws -> Void) async {
            do {
                try await body()
            } catch let error as DockerError where error.code == .notFound {
                // Already gone (the test removed or pruned it).
            } catch {
                failures.append("\(what): \(error)")
            }
        }

        let labelled = (try? await docker.listContainers(all: true, filters: filter).map(\.id)) ?? []
        for container in labelled + names.containers {
            await attempt("container \(container)") { try await docker.removeContainer(container, force: true, volumes: true) }
        }
        let networks = (try? await docker.listNetworks(filters: filter).map(\.id)) ?? []
        for network in networks + names.networks {
            await attempt("network \(network)") { try await docker.removeNetwork(network) }
        }
        let volumes = (try? await docker.listVolumes(filters: filter).map(\.name)) ?? []
        for volume in volumes + names.volumes {
            await attempt("volume \(volume)") { try await docker.removeVolume(volume, force: true) }
        }
        let images = (try? await docker.listImages(all: true, filters: filter).map(\.id)) ?? []
        for image in names.images + images {
            await attempt("image \(image)") { _ = try await docker.removeImage(image, force: true) }
        }
        if !failures.isEmpty {
            Issue.record("cleanup left objects behind: \(failures.joined(separator: "; "))")
        }
    }
}
