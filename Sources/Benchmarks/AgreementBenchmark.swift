import CorpusGenerator
import Statistics

/// A repeatable timing of Krippendorff's alpha on generated ratings, for the benchmark command.
public enum AgreementBenchmark {
    /// Generates `units` × `coders` nominal ratings from `seed` (five labels; each rating is
    /// missing with probability 0.1, otherwise matches the unit's underlying label with
    /// probability 0.7 and is a random label otherwise), then times one nominal alpha computation.
    ///
    /// `seconds` covers the alpha computation only, not generating or encoding the data; `value`
    /// is the alpha obtained, so callers can check the run did real work. The same seed always
    /// gives the same data and value. Throws if the sizes are too small or, for tiny sizes, the
    /// generated ratings leave alpha undefined.
    public static func alpha(units: Int, coders: Int,
                             seed: UInt64) throws -> (seconds: Double, value: Double) {
        guard units >= 1 && coders >= 2 else {
            throw AgreementError.invalidBenchmarkSize(units: units, coders: coders)
        }
        let data = try generatedRatings(units: units, coders: coders, seed: seed)
        let clock = ContinuousClock()
        var result: AgreementResult?
        let elapsed = clock.measure { result = data.krippendorffAlpha() }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        guard let result, let value = result.value else {
            throw AgreementError.undefinedBenchmarkResult(result?.reason ?? .noPairableValues)
        }
        return (seconds, value)
    }

    /// The ratings ``alpha(units:coders:seed:)`` times.
    public static func generatedRatings(units: Int, coders: Int, seed: UInt64) throws -> AgreementData {
        let labelCount: UInt64 = 5
        var random = SeededRandom(seed: seed)
        var codes = [Int32]()
        codes.reserveCapacity(units * coders)
        for _ in 0..<units {
            let underlying = Int32(random.next() % labelCount)
            for _ in 0..<coders {
                let draw = random.next() % 100
                if draw < 10 {
                    codes.append(-1)
                } else if draw < 73 {  // 0.7 of the 90 non-missing ratings
                    codes.append(underlying)
                } else {
                    codes.append(Int32(random.next() % labelCount))
                }
            }
        }
        return try AgreementData(units: (0..<units).map { "u\($0 + 1)" },
                                 coders: (0..<coders).map { "c\($0 + 1)" },
                                 labels: (0..<Int(labelCount)).map { "l\($0 + 1)" },
                                 nominalCodes: codes)
    }
}
