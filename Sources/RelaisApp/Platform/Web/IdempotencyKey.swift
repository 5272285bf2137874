import Foundation
import Hummingbird

extension Request {
    /// The `Idempotency-Key` header, checked.
    func idempotencyKey() throws -> String? {
        guard let key = headers[.init("Idempotency-Key")!]?.trimmingCharacters(in: .whitespaces) else { return nil }
        guard !key.isEmpty, key.count <= 200 else { throw AppError.invalid("Idempotency-Key", "must be 1 to 200 characters") }
        return key
    }
}
