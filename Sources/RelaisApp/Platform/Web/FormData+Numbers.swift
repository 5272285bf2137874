extension FormData {
    /// A whole number typed in a field: nil when left empty; when it is not a whole number, nil
    /// and an error next to the field.
    func wholeNumber(_ name: String, errors: inout [FieldError]) -> Int64? {
        guard let text = self[name] else { return nil }
        guard let value = Int64(text.replacingOccurrences(of: " ", with: "")) else {
            errors.append(FieldError(name, "must be a whole number"))
            return nil
        }
        return value
    }
}

extension Array where Element == FieldError {
    /// Errors of both lists, keeping only the first reported for each field: a field that could
    /// not be read is not also reported as missing.
    func merged(with later: [FieldError]) -> [FieldError] {
        let known = Set(map(\.field))
        return self + later.filter { !known.contains($0.field) }
    }
}
