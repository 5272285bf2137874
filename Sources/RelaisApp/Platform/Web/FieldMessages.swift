import Foundation

/// Field messages in the back-office's language. Validation speaks English (the API's
/// language, stable for clients); pages show the same message in French through this catalogue.
/// A message not in the catalogue is shown as it is.
enum FieldMessages {
    /// `message` in `language`.
    static func localized(_ message: String, _ language: UILanguage) -> String {
        guard language == .french else { return message }
        if let exact = french[message] { return exact }
        for (pattern, template) in frenchPatterns {
            let range = NSRange(message.startIndex..., in: message)
            if let match = pattern.firstMatch(in: message, range: range), match.range == range {
                return pattern.replacementString(for: match, in: message, offset: 0, template: template)
            }
        }
        return message
    }

    /// Messages with values in them, as whole-message patterns and their French templates.
    private static let frenchPatterns: [(NSRegularExpression, String)] = [
        (#"must be one of the brand's tiers: (.+)"#, "doit être l’un des paliers de la marque : $1"),
        (#"must be from (\d+) to (\d+)"#, "doit être compris entre $1 et $2"),
        (#"must be from (\d+) to (\d+), or absent"#, "doit être compris entre $1 et $2, ou rester vide"),
        (#"must be from (\d+) to (\d+), or absent for no limit"#, "doit être compris entre $1 et $2, ou rester vide pour ne pas limiter"),
        (#"must be from (\d+) to (\d+) days"#, "doit être compris entre $1 et $2 jours"),
        (#"must be a whole number from (\d+) to (\d+)"#, "doit être un nombre entier de $1 à $2"),
        (#"must be a whole number of cents from (\d+) to (\d+)"#, "doit être un nombre entier de centimes de $1 à $2"),
        (#"only applies to events with an amount \((.+)\)"#, "ne s’applique qu’aux événements avec un montant ($1)"),
        (#"has (\d+) entries but the file has (\d+) columns"#, "compte $1 entrées mais le fichier a $2 colonnes"),
        (#"has (\d+) fields but the header has (\d+) \(a separator inside a value must be quoted\)"#,
         "compte $1 champs mais l’en-tête en a $2 (un séparateur dans une valeur doit être entre guillemets)"),
        (#"is required under (\d+)"#, "est requis avant $1 ans"),
        (#"is under the brand's minimum age of (\d+) for marketing"#, "n’a pas l’âge minimum de la marque pour le marketing ($1 ans)"),
        (#"must be (\d+) to (\d+)"#, "doit être compris entre $1 et $2"),
        (#"must be at most (\d+) characters"#, "doit faire au plus $1 caractères"),
        (#"must have at most (\d+) entries"#, "doit compter au plus $1 entrées"),
        (#"must have at most (\d+) rules"#, "doit compter au plus $1 règles"),
        (#"(.+) is already the target of column (\d+)"#, "$1 est déjà la cible de la colonne $2"),
        (#"(.+) is not a consent purpose of this brand"#, "$1 n’est pas une finalité de consentement de cette marque"),
        (#"no wording of (.+) in (fr|en)(.*)"#, "aucun texte de consentement pour $1 en $2$3"),
        (#"must be one of:? (.+)"#, "doit être l’une des valeurs : $1"),
        (#"the file is not (.+) text"#, "le fichier n’est pas un texte $1"),
        (#"must be left out with (.+)"#, "doit être omis avec $1"),
    ].compactMap { pattern, template in (try? NSRegularExpression(pattern: pattern)).map { ($0, template) } }

    /// Fixed messages and their French wording.
    private static let french: [String: String] = [
        "must be a month (2026-11), a quarter (2026-Q4), a year (2026) or custom with from and to":
            "doit être un mois (2026-11), un trimestre (2026-Q4), une année (2026) ou des dates choisies",
        "must be a day written YYYY-MM-DD": "doit être une date", "must not be before from": "ne doit pas précéder la date de début",
        "must be at most five years after from": "doit être au plus cinq ans après la date de début",
        "must be a whole number of days from 30 to 730": "doit être un nombre entier de jours de 30 à 730",
        "must be an ISO 4217 code such as EUR or USD": "doit être un code ISO 4217, comme EUR ou USD",
        "must be an amount such as 1200.50": "doit être un montant, comme 1200,50",
        "give impressions, a potential reach or both": "indiquez des impressions, une portée potentielle ou les deux",
        "is required (at most 200 characters)": "est obligatoire (200 caractères au plus)",
        "a boundary is not followed by a line break": "une frontière n’est pas suivie d’un saut de ligne",
        "a part has no end of headers": "une partie n’a pas de fin d’en-têtes",
        "a part has no name": "une partie n’a pas de nom",
        "a rule must give points per event or per euro": "une règle doit donner des points par événement ou par euro",
        "a unit contributor key needs a unit": "une clé de contributeur d’unité demande une unité",
        "a unit contributor needs a unit": "un contributeur d’unité demande une unité",
        "an e-mail consent needs the member to have an e-mail address": "un consentement par e-mail demande que le membre ait une adresse e-mail",
        "an e-mail, a phone or an identity is required to recognise the member": "un e-mail, un téléphone ou un identifiant est nécessaire pour reconnaître le membre",
        "applies to csvBase64 only: csv is JSON text, already Unicode": "ne s’applique qu’à csvBase64 : csv est du texte JSON, déjà en Unicode",
        "at least one rule": "au moins une règle",
        "cannot change once the reward has been redeemed": "ne peut plus changer une fois la récompense échangée",
        "choose a role": "choisissez un rôle",
        "choose a type": "choisissez un type",
        "choose the organisation, a brand or a unit": "choisissez l’organisation, une marque ou une unité",
        "choose the profile to merge": "choisissez le profil à fusionner",
        "could not be read": "n’a pas pu être lu",
        "could not be stored": "n’a pas pu être enregistré",
        "describe where and how the consents were collected, on one line of 3 to 200 characters":
            "décrivez où et comment les consentements ont été recueillis, sur une ligne de 3 à 200 caractères",
        "give csv or csvBase64, not both": "donnez csv ou csvBase64, pas les deux",
        "give min, max or both": "donnez un minimum, un maximum ou les deux",
        "give the date the consents were collected": "donnez la date de recueil des consentements",
        "give the file as csv (text) or csvBase64 (its bytes)": "donnez le fichier en csv (texte) ou en csvBase64 (ses octets)",
        "give the version or the language of the wording people were shown": "donnez la version ou la langue du texte présenté aux personnes",
        "has an empty or too long part before the @": "a une partie vide ou trop longue avant le @",
        "has an invalid domain": "a un domaine invalide",
        "has characters that are not allowed before the @": "contient des caractères interdits avant le @",
        "has misplaced dots before the @": "a des points mal placés avant le @",
        "has no e-mail, phone or other identity to recognise the person": "n’a ni e-mail, ni téléphone, ni autre identifiant pour reconnaître la personne",
        "is already used by another staff account": "est déjà utilisé par un autre compte de l’équipe",
        "is empty": "est vide",
        "is longer than 254 characters": "dépasse 254 caractères",
        "is not a cursor returned by this list": "n’est pas un curseur renvoyé par cette liste",
        "is not a cursor returned by this search": "n’est pas un curseur renvoyé par cette recherche",
        "is not a known field": "n’est pas un champ connu",
        "is not a member visible to you": "n’est pas un membre que vous pouvez voir",
        "is not a purpose of this brand": "n’est pas une finalité de cette marque",
        "is not a unit of this brand": "n’est pas une unité de cette marque",
        "is not a valid French phone number (9 digits after +33)": "n’est pas un numéro de téléphone français valide (9 chiffres après +33)",
        "is not a valid phone number": "n’est pas un numéro de téléphone valide",
        "is not an attribute of this brand (define it first)": "n’est pas un attribut de cette marque (définissez-le d’abord)",
        "is not base64": "n’est pas en base64",
        "is required": "est obligatoire",
        "is unknown": "est inconnu",
        "keys must be 1 to 40 lower-case letters, digits or _": "les clés doivent compter de 1 à 40 minuscules, chiffres ou _",
        "map at least one column to email, phone or an identity, to recognise people":
            "associez au moins une colonne à l’e-mail, au téléphone ou à un identifiant, pour reconnaître les personnes",
        "must be 1 or more": "doit valoir 1 ou plus",
        "must be 1 to 100 characters": "doit faire de 1 à 100 caractères",
        "must be 1 to 120 characters": "doit faire de 1 à 120 caractères",
        "must be 1 to 120 characters on one line": "doit faire de 1 à 120 caractères sur une ligne",
        "must be 1 to 200 characters on one line": "doit faire de 1 à 200 caractères sur une ligne",
        "must be 1 to 200 characters": "doit faire de 1 à 200 caractères",
        "must be 1 to 40 letters, digits, - or _": "doit compter de 1 à 40 lettres, chiffres, - ou _",
        "must be 1 to 40 lower-case letters, digits or _": "doit compter de 1 à 40 minuscules, chiffres ou _",
        "must be 1 to 4000 characters": "doit faire de 1 à 4000 caractères",
        "must be 1 to 60 characters": "doit faire de 1 à 60 caractères",
        "must be 1 to 80 characters": "doit faire de 1 à 80 caractères",
        "must be a date between 1970 and today": "doit être une date entre 1970 et aujourd’hui",
        "must be a date written YYYY-MM-DD or DD/MM/YYYY": "doit être une date écrite AAAA-MM-JJ ou JJ/MM/AAAA",
        "must be a date written YYYY-MM-DD": "doit être une date écrite AAAA-MM-JJ",
        "must be a language code such as fr or en": "doit être un code de langue comme fr ou en",
        "must be a number": "doit être un nombre",
        "must be a whole number": "doit être un nombre entier",
        "must be active or retired": "doit valoir active ou retired",
        "must be generated or list": "doit valoir generated ou list",
        "must be a past ISO 8601 date-time": "doit être une date et heure ISO 8601 passée",
        "must be a past date written YYYY-MM-DD": "doit être une date passée écrite AAAA-MM-JJ",
        "must be a two-letter ISO country code such as FR": "doit être un code pays ISO à deux lettres comme FR",
        "must be a two-letter country code": "doit être un code pays à deux lettres",
        "must be a whole number from 1 to 200": "doit être un nombre entier de 1 à 200",
        "must be all or any": "doit valoir all ou any",
        "must be another member": "doit être un autre membre",
        "must be at least 10 characters long": "doit faire au moins 10 caractères",
        "must be at most 12 letters, digits, spaces or dashes": "doit compter au plus 12 lettres, chiffres, espaces ou tirets",
        "must be at most 72 bytes long": "doit faire au plus 72 octets",
        "must be auto, comma, semicolon or tab": "doit valoir auto, virgule, point-virgule ou tabulation",
        "must be comma or semicolon": "doit être une virgule ou un point-virgule",
        "must be fr or en": "doit valoir fr ou en",
        "must be on one line": "doit tenir sur une ligne",
        "must be true or false": "doit valoir true ou false",
        "must be written in international form, starting with + and the country code": "doit être écrit au format international, avec + et l’indicatif du pays",
        "must be yes or no (oui/non, 1/0, true/false, granted/withdrawn) or empty for no change":
            "doit valoir oui ou non (yes/no, 1/0, true/false, granted/withdrawn) ou rester vide pour ne rien changer",
        "must be yes or no (oui/non, 1/0, true/false, x) or empty": "doit valoir oui ou non (yes/no, 1/0, true/false, x) ou rester vide",
        "must contain at least one e-mail, phone, external or social identity": "doit contenir au moins un e-mail, un téléphone ou un identifiant externe ou social",
        "must contain exactly one @": "doit contenir exactement un @",
        "must have a domain such as example.com": "doit avoir un domaine comme example.com",
        "must have at most 20 items": "doit compter au plus 20 éléments",
        "must have at most 50 entries": "doit compter au plus 50 entrées",
        "must list 1 to 50 choices": "doit proposer de 1 à 50 choix",
        "must not be less than min": "ne doit pas être inférieur au minimum",
        "must not contain spaces": "ne doit pas contenir d’espaces",
        "needs the brand's tiers to be set first": "demande que les paliers de la marque soient d’abord définis",
        "only apply to the choice type": "ne s’appliquent qu’au type choix",
        "skipped: this person asked for their data to be erased": "ignorée : cette personne a demandé l’effacement de ses données",
        "the file is empty": "le fichier est vide",
        "the file is not UTF-8 text; save it as “CSV UTF-8” or declare its encoding (windows-1252 or iso-8859-1)":
            "le fichier n’est pas un texte UTF-8 ; enregistrez-le en « CSV UTF-8 » ou indiquez son encodage (windows-1252 ou iso-8859-1)",
        "the last part is not closed": "la dernière partie n’est pas fermée",
        "the namespace must name the system or network (letters, digits, - _ .)": "l’espace de noms doit nommer le système ou le réseau (lettres, chiffres, - _ .)",
        "the separator must be an ASCII character": "le séparateur doit être un caractère ASCII",
        "this is an Excel workbook (.xlsx), not a CSV file; in Excel choose “Save as” › “CSV UTF-8”":
            "c’est un classeur Excel (.xlsx), pas un fichier CSV ; dans Excel, choisissez « Enregistrer sous » › « CSV UTF-8 »",
        "tick the box to confirm the erasure": "cochez la case pour confirmer l’effacement",
    ]
}
