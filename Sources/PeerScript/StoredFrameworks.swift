import CorpusQuery
import ProjectStorage
import StudyModel

extension Taxonomy {
    /// This taxonomy with every extension `store` keeps, in the order they were stored: the
    /// techniques a run on that project sees before its script adds any.
    func merged(withExtensionsIn store: ProjectStore) throws -> Taxonomy {
        var taxonomy = self
        for stored in try store.read({ try TaxonomyExtension.fetchAll($0) }) {
            taxonomy = try taxonomy.merged(with: stored).taxonomy
        }
        return taxonomy
    }
}

extension ProjectStore {
    /// Brings the project's column cache up to date after a command changed the project, so
    /// that the next run, in any process, reads segments and codings in bulk. Numbers
    /// techniques as a run on this project does. The cache only saves time: when it cannot be
    /// written (a busy or read-only file, an unreadable corpus) the next load reads the tables
    /// as before, so a failure here is not the command's failure and is not reported.
    public func refreshColumnCache() {
        do {
            try CorpusSnapshot.saveColumnCache(in: self, taxonomy: try Taxonomy.standard.merged(withExtensionsIn: self))
        } catch {
            return
        }
    }
}
