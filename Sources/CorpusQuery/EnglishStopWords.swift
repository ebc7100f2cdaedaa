/// The English stop words `words` leaves out by default: function words (articles, pronouns,
/// auxiliaries, prepositions, conjunctions) in the folded form the index uses, apostrophes
/// split as the tokenizer splits them ("don't" is "don" and "t").
enum EnglishStopWords {
    static let list: [String] = """
        a about above after again against all am an and any are as at be because been before being \
        below between both but by can could did do does doing down during each few for from further \
        had has have having he her here hers herself him himself his how i if in into is it its itself \
        just me more most my myself no nor not now of off on once only or other our ours ourselves out \
        over own same she should so some such than that the their theirs them themselves then there \
        these they this those through to too under until up very was we were what when where which \
        while who whom why will with would you your yours yourself yourselves s t don doesn didn isn \
        wasn weren aren haven hasn hadn won wouldn couldn shouldn ll re ve d m also yes oh um er like \
        get got really
        """.split(separator: " ").map(String.init)
}
