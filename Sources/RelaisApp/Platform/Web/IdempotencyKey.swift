import HTTPTypes
import Hummingbird

extension Request {
    private static let idempotencyKeyField = HTTPField.Name("Idempotency-Key")!

    /// The `Idempotency-Key` header, checked.
    func idempotencyKey() throws -> String? {
        guard let key = headers[Self.idempotencyKeyField].map({ HeaderValue.trimmed($0[...]) }) else { return nil }
        guard !key.isEmpty, key.count <= 200 else { throw AppError.invalid("Idempotency-Key", "must be 1 to 200 characters") }
        return key
    }
}
