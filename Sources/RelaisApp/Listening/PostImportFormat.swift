import Foundation

/// Reads posts exported from other listening tools, as JSON Lines or CSV. Pure.
///
/// Each post has the fields `url` (http or https), `id` (the exporting tool's id, the post's key
/// when it has no url), `title`, `text` (may be HTML, which is stripped), `author`, `publishedAt`
/// (ISO 8601 date-time or `YYYY-MM-DD`) and `language` (`fr`, `en`…); every field is optional but
/// a post needs a title or a text, and a url or an id. JSON Lines: one JSON object per line, blank
/// lines ignored. CSV: a header naming some of these columns, in any order (`,` `;` or tab).
/// A line with a problem is reported with its number and skipped; the others are read.
enum PostImportFormat {
    /// The field names of a post.
    static let fields: Set<String> = ["url", "id", "title", "text", "author", "authorEmail", "authorUrl", "publishedAt", "language"]
    /// Most posts in one import.
    static let maxPosts = 10_000

    /// A line that could not be read.
    struct LineError: Error, Sendable, Equatable {
        var line: Int
        var message: String
    }

    /// Posts read from JSON Lines, with the lines that could not be read.
    static func jsonLines(_ text: String) -> (posts: [IncomingPost], errors: [LineError]) {
        var posts: [IncomingPost] = []
        var errors: [LineError] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !trimmed.isEmpty else { continue }
            guard posts.count < maxPosts else {
                errors.append(LineError(line: index + 1, message: "more than \(maxPosts) posts in one import"))
                break
            }
            guard let object = (try? JSONSerialization.jsonObject(with: Data(trimmed.utf8))) as? [String: Any] else {
                errors.append(LineError(line: index + 1, message: "is not a JSON object"))
                continue
            }
            var values: [String: String] = [:]
            var problem: String?
            for (key, value) in object {
                guard fields.contains(key) else { problem = "\(key) is not a known field"; break }
                if value is NSNull { continue }
                guard let string = value as? String else { problem = "\(key) must be a string"; break }
                values[key] = string
            }
            switch problem.map({ Result<IncomingPost, LineError>.failure(LineError(line: index + 1, message: $0)) }) ?? post(values, line: index + 1) {
            case .success(let post): posts.append(post)
            case .failure(let error): errors.append(error)
            }
        }
        return (posts, errors)
    }

    /// Posts read from CSV, with the lines that could not be read (a file that is not CSV is one error on line 1).
    static func csv(_ text: String) -> (posts: [IncomingPost], errors: [LineError]) {
        let table: CSVTable
        do {
            table = try CSVReader.read(text, limits: CSVLimits(maxRows: maxPosts, maxColumns: 20))
        } catch {
            return ([], [LineError(line: error.line ?? 1, message: error.message)])
        }
        let unknown = table.header.filter { !fields.contains($0) }
        guard unknown.isEmpty else {
            return ([], [LineError(line: 1, message: "unknown column(s): \(unknown.joined(separator: ", ")); use \(fields.sorted().joined(separator: ", "))")])
        }
        var posts: [IncomingPost] = []
        var errors: [LineError] = []
        for record in table.rows {
            var values: [String: String] = [:]
            for (column, value) in zip(table.header, record.fields) where !value.isEmpty { values[column] = value }
            switch post(values, line: record.line) {
            case .success(let post): posts.append(post)
            case .failure(let error): errors.append(error)
            }
        }
        return (posts, errors)
    }

    /// One post from its fields.
    static func post(_ values: [String: String], line: Int) -> Result<IncomingPost, LineError> {
        func failure(_ message: String) -> Result<IncomingPost, LineError> { .failure(LineError(line: line, message: message)) }
        var url: URL?
        if let text = values["url"]?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
            guard FeedSourceChanges.urlProblem(text) == nil, let parsed = URL(string: text) else { return failure("url must be an absolute http or https address") }
            url = parsed
        }
        let id = values["id"]?.trimmingCharacters(in: .whitespaces) ?? ""
        guard url != nil || !id.isEmpty else { return failure("a post needs a url or an id") }
        guard id.count <= 500 else { return failure("id must be at most 500 characters") }
        var published: Int64?
        if let text = values["publishedAt"]?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
            guard let time = Clock.parseISO(text) ?? Clock.parseDay(text) else { return failure("publishedAt must be an ISO 8601 date-time or YYYY-MM-DD") }
            published = time
        }
        let authorEmail = values["authorEmail"]?.trimmingCharacters(in: .whitespaces)
        if let authorEmail, authorEmail.count > 320 { return failure("authorEmail must be at most 320 characters") }
        let authorURL = values["authorUrl"]?.trimmingCharacters(in: .whitespaces)
        if let authorURL, !authorURL.isEmpty, FeedSourceChanges.urlProblem(authorURL) != nil {
            return failure("authorUrl must be an absolute http or https address")
        }
        let language = values["language"]?.trimmingCharacters(in: .whitespaces).lowercased()
        if let language, !language.isEmpty, language.count > 16 || !language.allSatisfy({ $0.isASCII && ($0.isLetter || $0 == "-" || $0 == "_") }) {
            return failure("language must be a language code such as fr or en")
        }
        let post = IncomingPost(itemID: id.isEmpty ? (url?.absoluteString ?? "") : id, url: url, title: values["title"] ?? "",
                                html: values["text"] ?? "", author: values["author"] ?? "",
                                authorEmail: authorEmail?.isEmpty == false ? authorEmail : nil, authorURL: authorURL?.isEmpty == false ? authorURL : nil,
                                publishedAt: published,
                                language: language?.isEmpty == false ? language : nil)
        guard !post.title.isEmpty || !post.text.isEmpty else { return failure("a post needs a title or a text") }
        return .success(post)
    }
}
