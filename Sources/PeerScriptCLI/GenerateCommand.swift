import ArgumentParser
import CorpusGenerator
import Foundation
import PeerScript
import ProjectStorage

/// `peerscript generate`: writes a synthetic project of a chosen size.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a synthetic project of a chosen size, for benchmarks and tests.",
        discussion: """
            Participants come seven to a case (three service users, two peer workers, one staff \
            member, one manager), cases rotate through the STA, PAR and VOL sectors, and each \
            participant gets one template transcript that plainly says it is synthetic. Lines \
            are coded with techniques, codebook codes or principles drawn with role-dependent \
            weights; a share of transcripts (--double-coded) is coded again, line by line, by \
            other coders, who disagree with the first coder at the rate given by --disagreement.

            The same options always produce a byte-identical file. The file is written under a \
            temporary name and moved into place when complete.
            """
    )

    @Option(help: ArgumentHelp("Number of participants.", valueName: "N"))
    var participants: Int

    @Option(help: ArgumentHelp("Number of codings to write.", valueName: "M"))
    var codings: Int

    @Option(help: ArgumentHelp("Number of coders.", valueName: "K"))
    var coders: Int = 2

    @Option(help: ArgumentHelp("Seed of the random sequence.", valueName: "S"))
    var seed: UInt64 = 1

    @Option(name: .customLong("double-coded"),
            help: ArgumentHelp("Share of transcripts coded by more than one coder, 0–1.", valueName: "SHARE"))
    var doubleCoded: Double = 0.25

    @Option(help: ArgumentHelp("Chance that an extra coder applies a different target, 0–1.", valueName: "RATE"))
    var disagreement: Double = 0.2

    @Option(name: .shortAndLong, help: ArgumentHelp("The project file to write.", valueName: "FILE"))
    var output: String

    @Flag(help: "Replace the output file if it exists.")
    var force = false

    func validate() throws {
        do {
            try options.validate()
        } catch let error as GeneratorError {
            throw ValidationError(error.description)
        }
    }

    private var options: GeneratorOptions {
        GeneratorOptions(participants: participants, codings: codings, coders: coders, seed: seed,
                         doubleCodedShare: doubleCoded, disagreement: disagreement)
    }

    func run() throws {
        let clock = ContinuousClock()
        let started = clock.now
        let url = URL(fileURLWithPath: output)
        let summary = try ProjectGenerator.generate(options, to: url, replacing: force)
        let store = try ProjectStore.open(at: url)
        store.refreshColumnCache()
        try store.close()
        let seconds = (clock.now - started) / .seconds(1)
        print("""
            Wrote \(output): \(summary.cases) cases, \(summary.participants) participants, \(summary.documents) documents, \
            \(summary.coders) coders, \(summary.segments) segments, \(summary.codings) codings \
            (\(summary.multiplyCodedSegments) segments multiply coded, \(summary.disagreements) disagreements) \
            in \(String(format: "%.2f", seconds)) s.
            """)
    }
}
