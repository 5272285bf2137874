import Foundation
import Hummingbird
import Prometheus

/// `/health` (the process answers), `/ready` (the database answers) and `/metrics` (Prometheus).
struct OperationsRoutes: Sendable {
    let database: Database
    let registry: PrometheusCollectorRegistry

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("health") { _, _ in
            try JSONOutput.response(["status": "ok"])
        }
        router.get("ready") { _, _ -> Response in
            do {
                _ = try await database.read { sql in try await sql.raw("SELECT 1 AS one").first() }
                return try JSONOutput.response(["status": "ready", "database": database.kind.rawValue])
            } catch {
                return try JSONOutput.response(["status": "unavailable", "database": database.kind.rawValue], status: .serviceUnavailable)
            }
        }
        router.get("metrics") { _, _ -> Response in
            var buffer: [UInt8] = []
            registry.emit(into: &buffer)
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                            body: .init(byteBuffer: ByteBuffer(bytes: buffer)))
        }
    }
}
