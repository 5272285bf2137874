/// Instant wins and quizzes: the winning moments fixed at scheduling, quiz questions, and each quiz entry's
/// score and tie-break guess.
struct M010InstantWinQuiz: Migration {
    let id = "010-instant-win-quiz"

    func statements(for kind: DatabaseKind) -> [String] {
        let pk = kind.primaryKey
        return [
            // Questions with their choices and right answers (JSON), and whether the tie-break question is asked.
            "ALTER TABLE activations ADD COLUMN quiz_questions TEXT NOT NULL DEFAULT '[]'",
            "ALTER TABLE activations ADD COLUMN quiz_tie_break INTEGER NOT NULL DEFAULT 0",
            // The period the winning moments were derived from: closing early must not change the published inputs.
            "ALTER TABLE activations ADD COLUMN moments_opens_at BIGINT",
            "ALTER TABLE activations ADD COLUMN moments_closes_at BIGINT",
            "ALTER TABLE activation_entries ADD COLUMN score INTEGER",
            "ALTER TABLE activation_entries ADD COLUMN tie_break BIGINT",
            // One row per winning moment; an entry takes one with a conditional UPDATE (at most one moment per entry).
            """
            CREATE TABLE activation_moments (
                id \(pk),
                activation_id BIGINT NOT NULL REFERENCES activations(id),
                position INTEGER NOT NULL,
                moment_at BIGINT NOT NULL,
                prize_id BIGINT NOT NULL REFERENCES activation_prizes(id),
                won_by_entry_id BIGINT UNIQUE REFERENCES activation_entries(id),
                won_at BIGINT,
                UNIQUE (activation_id, position)
            )
            """,
            "CREATE INDEX activation_moments_open ON activation_moments (activation_id, moment_at)",
        ]
    }
}
