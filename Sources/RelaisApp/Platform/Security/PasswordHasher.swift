import HummingbirdBcrypt
import NIOPosix

/// bcrypt hashing of staff passwords, run off the event loops.
enum PasswordHasher {
    /// Cost factor: about 50 ms a hash on one core of a small server.
    static let cost: UInt8 = 10

    /// Hashes a password.
    static func hash(_ password: String) async throws -> String {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    /// Checks a password against a stored hash.
    static func verify(_ password: String, hash: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
    }

    /// Validates a new password and returns a readable problem, or nil when it is acceptable.
    static func problem(with password: String) -> String? {
        if password.count < 10 { return "must be at least 10 characters long" }
        if password.utf8.count > 72 { return "must be at most 72 bytes long" }
        return nil
    }
}
