/// Interface strings of instant wins and quizzes, in French and English (merged into `Strings`).
enum GameStrings {
    static let french: [String: String] = [
        "act_kind_instant_win": "Instant gagnant", "act_kind_quiz": "Quiz",
        "act_field_quiz_questions": "Questions du quiz (une question par bloc, puis un choix par ligne ; marquez la bonne réponse d'une *)",
        "act_field_quiz_questions_hint": "Quelle est la couleur de notre logo ?\n* Rouge\nBleu\n\nEn quelle année la marque est-elle née ?\n1998\n* 2004",
        "act_field_quiz_tie_break": "Poser la question subsidiaire « combien de participations y aura-t-il ? »",
        "act_moments": "Instants gagnants passés", "act_moments_none": "Aucun instant gagnant passé pour l'instant.",
        "act_moments_period": "Les instants gagnants sont tirés entre", "act_moments_and": "et",
        "act_moments_late": "Programmé après son heure d'ouverture, l'instant gagnant répartit ses lots à partir de sa programmation.",
        "act_col_moment": "Instant", "act_moment_won": "gagné", "act_moment_unwon": "non gagné",
        "act_quiz_scores": "Répartition des scores",
        "pub_quiz_question": "Question", "pub_tie_break": "Question subsidiaire : combien de participations valables y aura-t-il à la clôture ?",
        "pub_won": "Gagné ! Vous remportez :", "pub_won_claim": "Un e-mail vous explique comment réclamer votre lot.",
        "pub_lost": "Pas de lot cette fois-ci. Merci d'avoir participé !",
        "pub_results": "Résultats", "pub_results_pending": "Les résultats seront publiés à la clôture.",
        "pub_quiz_scores": "Répartition des scores", "pub_quiz_entries": "participations", "pub_quiz_answers": "Les bonnes réponses",
        "pub_moments": "Instants gagnants", "pub_moments_won": "instants gagnés", "pub_moment_won": "gagné", "pub_moment_unwon": "non gagné",
        "pub_prizes_unwon": "Lots non gagnés",
        "pub_quiz_missing": "Répondez à chaque question. Sans réponse :",
        "pub_tie_break_invalid": "Indiquez votre estimation : un nombre entier, 0 ou plus.",
    ]

    static let english: [String: String] = [
        "act_kind_instant_win": "Instant win", "act_kind_quiz": "Quiz",
        "act_field_quiz_questions": "Quiz questions (one question per block, then one choice a line; mark the right answer with a *)",
        "act_field_quiz_questions_hint": "What colour is our logo?\n* Red\nBlue\n\nWhen was the brand born?\n1998\n* 2004",
        "act_field_quiz_tie_break": "Ask the tie-break question \"how many entries will there be?\"",
        "act_moments": "Winning moments past", "act_moments_none": "No winning moment has passed yet.",
        "act_moments_period": "The winning moments are drawn between", "act_moments_and": "and",
        "act_moments_late": "Scheduled after its opening time, the instant win spreads its prizes from its scheduling on.",
        "act_col_moment": "Moment", "act_moment_won": "won", "act_moment_unwon": "not won",
        "act_quiz_scores": "Scores",
        "pub_quiz_question": "Question", "pub_tie_break": "Tie-break: how many valid entries will there be at closing?",
        "pub_won": "You won:", "pub_won_claim": "An e-mail tells you how to claim your prize.",
        "pub_lost": "No prize this time. Thank you for taking part!",
        "pub_results": "Results", "pub_results_pending": "The results will be published at closing.",
        "pub_quiz_scores": "Scores", "pub_quiz_entries": "entries", "pub_quiz_answers": "The right answers",
        "pub_moments": "Winning moments", "pub_moments_won": "moments won", "pub_moment_won": "won", "pub_moment_unwon": "not won",
        "pub_prizes_unwon": "Prizes not won",
        "pub_quiz_missing": "Answer every question. Not answered:",
        "pub_tie_break_invalid": "Give your guess: a whole number, 0 or more.",
    ]
}
