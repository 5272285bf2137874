/// Listening: the keys a post's author is recognised by, kept with the post, so that a member who
/// gains a matching identity later (an e-mail, a social handle) is linked to the posts they wrote
/// before. Posts stored before this migration have no keys and stay as they were.
struct M022ListeningAuthorKeys: Migration {
    let id = "022-listening-author-keys"

    func statements(for kind: DatabaseKind) -> [String] {
        [
            // The e-mail match key, and `network:handle` of a social profile (`PostAuthorKeys`).
            "ALTER TABLE listening_posts ADD COLUMN author_email_key TEXT",
            "ALTER TABLE listening_posts ADD COLUMN author_social_key TEXT",
            "CREATE INDEX listening_posts_author_email ON listening_posts (brand_id, author_email_key)",
            "CREATE INDEX listening_posts_author_social ON listening_posts (brand_id, author_social_key)",
        ]
    }
}
