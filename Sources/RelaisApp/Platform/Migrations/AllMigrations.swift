/// The one ordered list of schema steps. Append only: never edit or reorder a released step.
enum AllMigrations {
    static let list: [any Migration] = [
        M001Governance(),
        M002Members(),
        M003Consent(),
        M004Segments(),
        M005PendingImports(),
        M006SegmentIndexes(),
        M007OrderedSearch(),
        M008Activations(),
        M009UniqueBrandSlugs(),
        M010InstantWinQuiz(),
        M011IdeasReferral(),
        M012SegmentCountIndexes(),
        M013Loyalty(),
        M014ShareLinks(),
        M015Ambassadors(),
        M016StoreOffers(),
        M017Badges(),
        M018Roi(),
        M019Listening(),
        M020ListeningAlerts(),
        M021RoiOverview(),
        M022ListeningAuthorKeys(),
        M023Rollups(),
        M024VisitorRollups(),
    ]
}
