extension SentimentGrammar {
    /// English grammar: VADER's boosters, negations and idioms (MIT), with "not at all" and a few additions.
    static let english: SentimentGrammar = {
        let up = SentimentConstants.boosterIncrement
        let down = -SentimentConstants.boosterIncrement
        var boosters: [String: Double] = [:]
        for word in [
            "absolutely", "amazingly", "awfully", "completely", "considerable", "considerably", "decidedly",
            "deeply", "effing", "enormous", "enormously", "entirely", "especially", "exceptional", "exceptionally",
            "extreme", "extremely", "fabulously", "flipping", "flippin", "frackin", "fracking", "fricking",
            "frickin", "frigging", "friggin", "fully", "fuckin", "fucking", "fuggin", "fugging", "greatly", "hella",
            "highly", "hugely", "incredible", "incredibly", "intensely", "major", "majorly", "more", "most",
            "particularly", "purely", "quite", "really", "remarkably", "so", "substantially", "thoroughly", "total",
            "totally", "tremendous", "tremendously", "uber", "unbelievably", "unusually", "utter", "utterly", "very",
            "super", "soo", "sooo", "rly", "realy", "veryy", "mega", "wicked",
        ] { boosters[word] = up }
        for word in [
            "almost", "barely", "hardly", "kinda", "kindof", "less", "little", "marginal", "marginally",
            "occasional", "occasionally", "partly", "scarce", "scarcely", "slight", "slightly", "somewhat",
            "sorta", "sortof", "fairly", "rather",
        ] { boosters[word] = down }
        return SentimentGrammar(
            boosters: boosters,
            boosterPairs: ["kind of": down, "sort of": down, "just enough": down, "a bit": down, "a little": down],
            negators: [
                "aint", "arent", "cannot", "cant", "couldnt", "darent", "didnt", "doesnt", "dont", "hadnt", "hasnt",
                "havent", "isnt", "mightnt", "mustnt", "neither", "neednt", "never", "none", "nope", "nor", "not",
                "nothing", "nowhere", "oughtnt", "shant", "shouldnt", "uhuh", "wasnt", "werent", "without", "wont",
                "wouldnt", "rarely", "seldom", "despite", "no", "least",
            ],
            negatorsAfterNe: [],
            negationParticles: [],
            postposedNegators: [],
            strongNegationTails: [["at", "all"]],
            contrastWords: ["but", "however", "nevertheless", "nonetheless"],
            phrases: [
                "the shit": 3, "the bomb": 3, "bad ass": 1.5, "badass": 1.5, "bus stop": 0, "yeah right": -2,
                "kiss of death": -1.5, "to die for": 3, "beating heart": 3.5, "at least": 0, "very least": 0,
                "no doubt": 1.5, "not bad": 1.5, "not bad at all": 2.0, "no problem": 1.0, "no worries": 1.2, "well done": 2.2,
                "waste of time": -2.5, "waste of money": -2.6, "must see": 2.2, "must have": 1.8,
                "rip off": -2.5, "ripoff": -2.5, "falls apart": -2.0, "fell apart": -2.0, "stopped working": -2.2,
                "doesn't work": -2.0, "does not work": -2.0, "didn't work": -2.0, "did not work": -2.0,
                "piece of crap": -3.0, "piece of junk": -2.8, "can't wait": 2.0, "cant wait": 2.0, "cannot wait": 2.0,
                "like a charm": 2.5, "high quality": 1.8, "low quality": -1.8, "looking forward": 1.8,
            ],
            neutralWords: [],
            splitsElisions: false,
            negatorSuffix: "n't"
        )
    }()
}
