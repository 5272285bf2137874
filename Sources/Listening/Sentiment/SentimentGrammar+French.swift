extension SentimentGrammar {
    /// French grammar: degree adverbs (standard and informal), "ne … pas/jamais/plus", "pas du tout", "mais", idioms.
    static let french: SentimentGrammar = {
        let up = SentimentConstants.boosterIncrement
        let down = -SentimentConstants.boosterIncrement
        var boosters: [String: Double] = [:]
        for word in [
            "très", "tres", "trop", "tro", "vraiment", "vrmt", "vrm", "super", "hyper", "ultra", "méga", "giga",
            "tellement", "tellment", "vachement", "grave", "carrément", "complètement", "totalement", "absolument",
            "extrêmement", "incroyablement", "particulièrement", "énormément", "beaucoup", "bcp", "profondément",
            "parfaitement", "entièrement", "franchement", "sacrément", "drôlement", "terriblement", "follement",
            "réellement", "hautement", "tout", "toute", "si", "aussi", "tant", "autant", "plus", "encore",
            "fortement", "infiniment", "bien", "archi", "hyper", "vraiiment", "trés",
        ] { boosters[word] = up }
        for word in [
            "assez", "plutôt", "presque", "moyennement", "légèrement", "quasi", "quasiment", "relativement",
            "moins", "guère", "pratiquement", "environ", "limite", "rarement",
        ] { boosters[word] = down }
        return SentimentGrammar(
            boosters: boosters,
            boosterPairs: ["un peu": down, "à peine": down, "pas trop": down, "pas très": down, "pas tres": down],
            negators: ["pas", "jamais", "rien", "aucun", "aucune", "aucuns", "aucunes", "sans", "ni", "nullement",
                       "aucunement", "non", "peu", "pa"],
            negatorsAfterNe: ["plus", "point", "guère"],
            negationParticles: ["ne", "n"],
            postposedNegators: ["pas", "jamais", "rien", "pa"],
            strongNegationTails: [["du", "tout"], ["dutout"], ["vraiment"], ["du", "tt"]],
            contrastWords: ["mais", "cependant", "pourtant", "néanmoins", "toutefois", "mé"],
            phrases: [
                "pas mal": 1.5, "pas mauvais": 1.2, "pas terrible": -1.6, "pas top": -1.6, "pas ouf": -1.6,
                "pas fou": -1.2, "pas fameux": -1.6, "pas folichon": -1.6, "sans plus": -0.8, "bof bof": -1.5,
                "trop bien": 2.6, "au top": 2.4, "de la balle": 2.5, "de ouf": 1.5, "de malade": 1.2,
                "la honte": -2.0, "ras le bol": -2.2, "en avoir marre": -2.0, "j en peux plus": -2.0,
                "n importe quoi": -1.6, "n importe qui": 0, "n importe quel": 0, "n importe quelle": 0,
                "n importe où": 0, "n importe comment": -1.2, "nulle part": 0, "mort de rire": 2.0, "à chier": -3.0, "de merde": -2.6,
                "bien sûr": 0.3, "eh bien": 0, "ou bien": 0, "bien que": 0, "tant bien que mal": -0.5,
                "pas de souci": 1.0, "pas de soucis": 1.0, "pas de problème": 1.0, "pas de probleme": 1.0,
                "coup de coeur": 2.5, "coup de cœur": 2.5, "que du bonheur": 3.0, "rien à dire": 1.5,
                "rien à redire": 2.0, "perte de temps": -2.5, "arnaque": -2.8, "à éviter": -2.4, "à fuir": -2.6,
                "pas grand chose": -0.8, "laisse à désirer": -2.0, "laissent à désirer": -2.0, "bien joué": 2.2,
                "bonne chance": 1.5, "bonne journée": 1.5, "bonne année": 2.0, "bon courage": 1.2,
                "à ne pas manquer": 2.5, "ne vaut pas": -1.5, "vaut le coup": 2.0, "vaut le détour": 2.0,
                "en vaut la peine": 2.0, "vaut la peine": 1.8, "sans intérêt": -2.2, "aucun intérêt": -2.2,
                "se laisse regarder": 1.0, "sans prétention": 0.8, "pas convaincu": -1.6, "pas convaincant": -1.6,
            ],
            neutralWords: [
                "le", "la", "les", "l", "de", "des", "du", "d", "un", "une", "et", "ou", "où", "a", "à", "au", "aux",
                "en", "sur", "sous", "dans", "par", "pour", "avec", "est", "sont", "été", "être", "avoir", "ai",
                "as", "ont", "ce", "c", "cet", "cette", "ces", "ça", "je", "j", "tu", "il", "elle", "on", "nous",
                "vous", "ils", "elles", "me", "m", "te", "t", "se", "s", "qu", "que", "qui", "quoi", "mon", "ma",
                "mes", "ton", "ta", "tes", "son", "sa", "ses", "notre", "votre", "nos", "vos", "leur", "leurs",
                "y", "v", "x", "via", "rt", "http", "https", "www", "com", "fr", "1er", "ici", "là", "comme",
                "quand", "faire", "fait", "dit", "dire", "voir", "va", "vais", "aller", "peut", "doit", "sera",
                "mis", "mise", "met", "donne", "prend", "entre", "chez", "depuis", "après", "avant", "lors",
            ],
            splitsElisions: true,
            negatorSuffix: ""
        )
    }()
}
