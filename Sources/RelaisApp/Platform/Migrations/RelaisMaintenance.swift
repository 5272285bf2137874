import Logging

/// Maintenance entry points for the command line.
public enum RelaisMaintenance {
    /// Applies pending migrations and returns their identifiers.
    public static func migrate(configuration: AppConfiguration) async throws -> [String] {
        let logger = Logger(label: "relais.migrate")
        let database = try await Database.open(configuration.database, logger: logger)
        do {
            let applied = try await Migrator(database: database, logger: logger).migrate()
            await database.close()
            return applied
        } catch {
            await database.close()
            throw error
        }
    }
}
