import GRDB
import StudyModel

extension Codebook {
    /// Writes every code of the codebook, with mappings, in tree order.
    public func insert(_ db: Database) throws {
        for code in codes {
            try code.insertWithMappings(db)
        }
    }

    /// The codebooks stored in a project, grouped by codebook id (sorted by id).
    public static func fetchAll(_ db: Database) throws -> [Codebook] {
        let codes = try Code.fetchAllWithMappings(db)
        let ids = Array(Set(codes.map(\.codebook))).sorted()
        let builtInNames = Dictionary(uniqueKeysWithValues: builtIn.map { ($0.id, $0.name) })
        return ids.map { id in
            Codebook(id: id, name: builtInNames[id] ?? id, codes: Codebook.treeOrder(codes.filter { $0.codebook == id }))
        }
    }
}
