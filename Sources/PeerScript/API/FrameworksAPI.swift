import CorpusQuery
import LuaBridge
import StudyModel

/// `taxonomy`, `principles` and `codebook`, with the `BCT`, `BCTGroup`, `Principle` and `Code`
/// classes they return.
enum FrameworksAPI {
    static func classes() -> [APIClassRegistration] {
        [bctClass(), groupClass(), principleClass(), codeClass()]
    }

    // MARK: taxonomy

    static func taxonomyModule(_ context: APIContext) -> APIModule {
        let module = APIModule("taxonomy", """
            The behaviour change techniques: BCT Taxonomy v1 (16 groups, 93 techniques), the \
            relational techniques of one-to-one peer support (group 17), and any extensions.
            """)
        module.function(APIDoc("get", "Looks up a technique by its number; an unknown number is an error that suggests close ones.",
                               parameters: [.init("id", "string", "the technique's number, such as \"3.1\" or \"17.2\"")],
                               returns: [.init("BCT", "the technique")],
                               example: #"print(taxonomy.get("13.2").label)  --> Framing/reframing"#)) { call in
            call.stack.push(object: BCTObject(try context.technique(try call.string(1))))
            return 1
        }
        module.function(APIDoc("group", "Looks up a group of techniques by its number.",
                               parameters: [.init("id", "string", "the group's number, such as \"3\" or \"17\"")],
                               returns: [.init("BCTGroup", "the group")],
                               example: #"print(#taxonomy.group("17"):techniques())  --> 5"#)) { call in
            let id = try call.string(1)
            let taxonomy = try context.currentTaxonomy()
            guard let group = taxonomy.group(id) else {
                throw LuaScriptError("unknown BCT group '\(id)'" + hint(id, taxonomy.groups.map(\.id)))
            }
            call.stack.push(object: BCTGroupObject(group))
            return 1
        }
        module.function(APIDoc("groups", "Lists the groups of techniques, in taxonomy order.",
                               parameters: [.init("framework", "string?", "only groups of this framework: \"bcttv1\", \"relational\" or an extension's name")],
                               returns: [.init("BCTGroup[]", "the groups")],
                               example: #"for _, g in ipairs(taxonomy.groups("bcttv1")) do print(g.id, g.label) end"#)) { call in
            let taxonomy = try context.currentTaxonomy()
            let groups = try call.optionalString(1).map(taxonomy.groups(inFramework:)) ?? taxonomy.groups
            call.stack.pushArray(groups, as: BCTGroupObject.init)
            return 1
        }
        module.function(APIDoc("list", "Lists the techniques, in taxonomy order.",
                               parameters: [.init("framework", "string?", "only techniques of this framework")],
                               returns: [.init("BCT[]", "the techniques")],
                               example: #"print(#taxonomy.list("bcttv1"))  --> 93"#)) { call in
            let framework = try call.optionalString(1)
            let techniques = try context.currentTaxonomy().techniques.filter { framework == nil || $0.framework == framework }
            call.stack.pushArray(techniques, as: BCTObject.init)
            return 1
        }
        module.function(APIDoc("search", "Finds techniques whose number, label or definition contains the text (ignoring case and accents).",
                               parameters: [.init("text", "string", "the text to look for")],
                               returns: [.init("BCT[]", "the matching techniques, in taxonomy order")],
                               example: #"for _, b in ipairs(taxonomy.search("support")) do print(b) end"#)) { call in
            call.stack.pushArray(try context.currentTaxonomy().search(try call.string(1)), as: BCTObject.init)
            return 1
        }
        module.function(APIDoc("extend", """
            Adds user-defined groups of techniques for this script, from a Lua table or a JSON \
            file in the script's folder; ids must not collide with existing ones. Extensions the \
            project stores (`peerscript import --taxonomy-extension`) are there already; \
            repeating one changes nothing.
            """,
                               parameters: [.init("extension", "table|string", "{framework = name, groups = {{id =, label =, techniques = {{id =, label =, definition =}}}}}, or the path of a JSON file of that shape")],
                               returns: [.init("BCTGroup[]", "the groups added")],
                               example: #"taxonomy.extend{ framework = "team", groups = {{ id = "18", label = "Team practices", techniques = {{ id = "18.1", label = "Shared reflection" }} }} }"#)) { call in
            let added = try context.extendTaxonomy(with: call)
            call.stack.pushArray(added, as: BCTGroupObject.init)
            return 1
        }
        return module
    }

    static func bctClass() -> APIClassRegistration {
        APIClass<BCTObject>("BCT", "A behaviour change technique.")
            .field(.field("id", "string", "Its number, such as \"3.1\".")) { bct, call in push(bct.value.id, call) }
            .field(.field("label", "string", "Its label, exactly as the taxonomy gives it.")) { bct, call in push(bct.value.label, call) }
            .field(.field("group", "string", "The number of its group, such as \"3\".")) { bct, call in push(bct.value.groupID, call) }
            .field(.field("definition", "string?", "A short description of the technique.")) { bct, call in push(bct.value.definition, call) }
            .field(.field("framework", "string", "\"bcttv1\", \"relational\" or an extension's name.")) { bct, call in push(bct.value.framework, call) }
            .field(.field("is_extension", "boolean", "True for techniques that are not part of BCTTv1.")) { bct, call in push(bct.value.isExtension, call) }
            .withString { "\($0.value.id) \($0.value.label)" }
            .withEquality { $0.value == $1.value }
    }

    static func groupClass() -> APIClassRegistration {
        APIClass<BCTGroupObject>("BCTGroup", "A group of behaviour change techniques.")
            .field(.field("id", "string", "Its number, such as \"3\".")) { group, call in push(group.value.id, call) }
            .field(.field("label", "string", "Its label, such as \"Social support\".")) { group, call in push(group.value.label, call) }
            .field(.field("framework", "string", "\"bcttv1\", \"relational\" or an extension's name.")) { group, call in push(group.value.framework, call) }
            .method(APIDoc("techniques", "Lists the group's techniques in order.", returns: [.init("BCT[]", "the techniques")],
                           example: #"for _, b in ipairs(taxonomy.group("3"):techniques()) do print(b) end"#)) { group, call in
                call.stack.pushArray(group.value.techniques, as: BCTObject.init)
                return 1
            }
            .withString { "\($0.value.id). \($0.value.label)" }
            .withEquality { $0.value.id == $1.value.id && $0.value.framework == $1.value.framework }
    }

    // MARK: principles

    static func principlesModule(_ context: APIContext) -> APIModule {
        let module = APIModule("principles", """
            The five peer-support principles, with diversity of lived experience cutting across \
            them, and fidelity scores against them.
            """)
        module.function(APIDoc("list", "Lists the principles: the five core ones, then the cross-cutting one.",
                               returns: [.init("Principle[]", "the principles")],
                               example: #"for _, p in ipairs(principles.list()) do print(p.id, p.label) end"#)) { call in
            call.stack.pushArray(context.principles.principles, as: PrincipleObject.init)
            return 1
        }
        module.function(APIDoc("get", "Looks up a principle by id (\"P1\" … \"P5\", or \"DIV\" for diversity of lived experience).",
                               parameters: [.init("id", "string", "the principle's id")],
                               returns: [.init("Principle", "the principle")],
                               example: #"print(principles.get("P2").label)"#)) { call in
            let id = try call.string(1)
            guard let principle = context.principles.principle(id) else {
                throw LuaScriptError("unknown principle '\(id)'" + hint(id, context.principles.principles.map(\.id)))
            }
            call.stack.push(object: PrincipleObject(principle))
            return 1
        }
        FidelityAPI.add(to: module, context)
        return module
    }

    static func principleClass() -> APIClassRegistration {
        APIClass<PrincipleObject>("Principle", "A peer-support principle.")
            .field(.field("id", "string", "\"P1\" … \"P5\", or \"DIV\".")) { p, call in push(p.value.id, call) }
            .field(.field("label", "string", "Its short name.")) { p, call in push(p.value.label, call) }
            .field(.field("description", "string", "What the principle asks of practice.")) { p, call in push(p.value.description, call) }
            .field(.field("cross_cutting", "boolean", "True for diversity of lived experience, which runs across the others.")) { p, call in push(p.value.crossCutting, call) }
            .withString { "\($0.value.id) \($0.value.label)" }
            .withEquality { $0.value.id == $1.value.id }
    }

    // MARK: codebook

    static func codebookModule(_ context: APIContext) -> APIModule {
        let module = APIModule("codebook", """
            Hierarchical codes (theme, category, code) with their mappings to techniques and \
            principles: the built-in codebooks and the project's own.
            """)
        module.function(APIDoc("codebooks", "Lists the codebooks by id: the built-in ones, then the project's.",
                               returns: [.init("string[]", "codebook ids")],
                               example: #"for _, id in ipairs(codebook.codebooks()) do print(id) end"#)) { call in
            call.stack.push(try context.codebooks().map(\.id))
            return 1
        }
        module.function(APIDoc("list", "Lists the codes, codebook by codebook, each in tree order (every theme before its categories and codes).",
                               parameters: [.init("codebook", "string?", "only the codes of this codebook, such as \"change-model\"")],
                               returns: [.init("Code[]", "the codes")],
                               example: #"print(#codebook.list("change-model"))"#)) { call in
            let books = try context.codebooks()
            let wanted = try call.optionalString(1)
            if let wanted, !books.contains(where: { $0.id == wanted }) {
                throw LuaScriptError("unknown codebook '\(wanted)'" + hint(wanted, books.map(\.id)))
            }
            let codes = books.filter { wanted == nil || $0.id == wanted }.flatMap { book in book.codes.map { CodeObject($0, in: book) } }
            call.stack.pushArray(codes) { $0 }
            return 1
        }
        module.function(APIDoc("get", "Looks up a code by id.",
                               parameters: [.init("id", "string", "the code's id")],
                               returns: [.init("Code", "the code")],
                               example: #"print(codebook.get("cm.rolemodel.hope").label)"#)) { call in
            let id = try call.string(1)
            let books = try context.codebooks()
            for book in books {
                if let code = book.find(id) {
                    call.stack.push(object: CodeObject(code, in: book))
                    return 1
                }
            }
            throw LuaScriptError("unknown code '\(id)'" + hint(id, books.flatMap { $0.codes.map(\.id) }))
        }
        module.function(APIDoc("search", "Finds codes whose id or label contains the text (ignoring case).",
                               parameters: [.init("text", "string", "the text to look for")],
                               returns: [.init("Code[]", "matching codes, codebook by codebook in tree order")],
                               example: #"for _, c in ipairs(codebook.search("hope")) do print(c.path) end"#)) { call in
            let text = try call.string(1).lowercased()
            let matches = try context.codebooks().flatMap { book in
                book.codes.filter { $0.id.lowercased().contains(text) || $0.label.lowercased().contains(text) }
                    .map { CodeObject($0, in: book) }
            }
            call.stack.pushArray(matches) { $0 }
            return 1
        }
        module.function(APIDoc("roots", "Lists the top-level codes (themes) of a codebook.",
                               parameters: [.init("codebook", "string", "the codebook's id, such as \"change-model\"")],
                               returns: [.init("Code[]", "its themes, in order")],
                               example: #"for _, theme in ipairs(codebook.roots("change-model")) do print(theme.label) end"#)) { call in
            let id = try call.string(1)
            let books = try context.codebooks()
            guard let book = books.first(where: { $0.id == id }) else {
                throw LuaScriptError("unknown codebook '\(id)'" + hint(id, books.map(\.id)))
            }
            call.stack.pushArray(book.roots) { CodeObject($0, in: book) }
            return 1
        }
        return module
    }

    static func codeClass() -> APIClassRegistration {
        APIClass<CodeObject>("Code", "A code of a codebook: a theme, a category or a code.")
            .field(.field("id", "string", "Its id.")) { c, call in push(c.code.id, call) }
            .field(.field("label", "string", "Its label.")) { c, call in push(c.code.label, call) }
            .field(.field("description", "string?", "What it captures.")) { c, call in push(c.code.description, call) }
            .field(.field("colour", "string?", "Its colour as \"#RRGGBB\".")) { c, call in push(c.code.colour, call) }
            .field(.field("level", "string", "\"theme\", \"category\" or \"code\".")) { c, call in push(c.code.level.rawValue, call) }
            .field(.field("codebook", "string", "The id of its codebook.")) { c, call in push(c.code.codebook, call) }
            .field(.field("path", "string", "Its labels from the theme down, joined by \" > \".")) { c, call in
                push(path(of: c.code, in: c.codebook).map(\.label).joined(separator: " > "), call)
            }
            .field(.field("parent", "Code?", "The code it sits under, or nil for a theme.")) { c, call in
                guard let parentID = c.code.parentID, let parent = c.codebook.find(parentID) else {
                    call.stack.pushNil()
                    return 1
                }
                call.stack.push(object: CodeObject(parent, in: c.codebook))
                return 1
            }
            .method(APIDoc("children", "Lists the codes directly under this one, in order.", returns: [.init("Code[]", "its children")],
                           example: #"for _, c in ipairs(codebook.get("cm.trust"):children()) do print(c.label) end"#)) { c, call in
                call.stack.pushArray(c.codebook.children(of: c.code.id)) { CodeObject($0, in: c.codebook) }
                return 1
            }
            .method(APIDoc("bcts", "Lists the techniques this code is mapped to; codings of the code count for each of them.",
                           returns: [.init("BCT[]", "the mapped techniques")],
                           example: #"for _, b in ipairs(codebook.get("cm.rolemodel.hope"):bcts()) do print(b) end"#)) { c, call in
                let taxonomy = Taxonomy.standard
                call.stack.pushArray(c.code.bcts.compactMap { taxonomy.bct($0.targetID) }, as: BCTObject.init)
                return 1
            }
            .method(APIDoc("principles", "Lists the principles this code is mapped to.",
                           returns: [.init("Principle[]", "the mapped principles")],
                           example: #"for _, p in ipairs(codebook.get("cm.rolemodel.hope"):principles()) do print(p) end"#)) { c, call in
                let framework = PrinciplesFramework.standard
                call.stack.pushArray(c.code.principles.compactMap { framework.principle($0.targetID) }, as: PrincipleObject.init)
                return 1
            }
            .method(APIDoc("rationale", "Says why the code is mapped to a technique or principle.",
                           parameters: [.init("id", "string", "a technique number or principle id the code is mapped to")],
                           returns: [.init("string?", "the one-line rationale, or nil when the code is not mapped to it")],
                           example: #"print(codebook.get("cm.rolemodel.hope"):rationale("P3"))"#)) { c, call in
                let id = try call.string(2)
                push((c.code.bcts + c.code.principles).first { $0.targetID == id }?.rationale, call)
                return 1
            }
            .withString { "\($0.code.id) \($0.code.label)" }
            .withEquality { $0.code.id == $1.code.id }
    }

    private static func path(of code: Code, in book: Codebook) -> [Code] {
        var chain = [code]
        var seen: Set<String> = [code.id]
        while let parentID = chain[0].parentID, let parent = book.find(parentID), seen.insert(parentID).inserted {
            chain.insert(parent, at: 0)
        }
        return chain
    }
}
