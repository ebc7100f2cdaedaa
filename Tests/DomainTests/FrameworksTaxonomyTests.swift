import Foundation
@testable import StudyModel
import Testing

@Suite("BCT taxonomy")
struct FrameworksTaxonomyTests {
    let taxonomy = Taxonomy.standard

    @Test("BCTTv1 has 16 groups and 93 techniques with the published group sizes")
    func bcttv1Counts() {
        let groups = taxonomy.groups(inFramework: Taxonomy.bcttv1)
        #expect(groups.count == 16)
        #expect(groups.map(\.techniques.count) == [9, 7, 3, 4, 6, 3, 8, 7, 3, 11, 4, 6, 5, 10, 4, 3])
        #expect(taxonomy.techniques.filter { $0.framework == Taxonomy.bcttv1 }.count == 93)
        #expect(groups.map(\.id) == (1...16).map(String.init))
    }

    @Test("group labels are those of BCTTv1")
    func groupLabels() {
        let labels = taxonomy.groups(inFramework: Taxonomy.bcttv1).map(\.label)
        #expect(labels == [
            "Goals and planning", "Feedback and monitoring", "Social support", "Shaping knowledge",
            "Natural consequences", "Comparison of behaviour", "Associations", "Repetition and substitution",
            "Comparison of outcomes", "Reward and threat", "Regulation", "Antecedents", "Identity",
            "Scheduled consequences", "Self-belief", "Covert learning",
        ])
    }

    @Test("technique labels are exact", arguments: [
        ("1.1", "Goal setting (behaviour)"),
        ("1.6", "Discrepancy between current behaviour and goal"),
        ("2.5", "Monitoring of outcome(s) of behaviour without feedback"),
        ("3.1", "Social support (unspecified)"),
        ("3.3", "Social support (emotional)"),
        ("4.1", "Instruction on how to perform the behaviour"),
        ("5.3", "Information about social and environmental consequences"),
        ("6.2", "Social comparison"),
        ("6.3", "Information about others\u{2019} approval"),
        ("7.1", "Prompts/cues"),
        ("8.6", "Generalisation of target behaviour"),
        ("10.10", "Reward (outcome)"),
        ("10.11", "Future punishment"),
        ("12.3", "Avoidance/reducing exposure to cues for the behaviour"),
        ("13.2", "Framing/reframing"),
        ("14.10", "Remove punishment"),
        ("15.1", "Verbal persuasion about capability"),
        ("16.3", "Vicarious consequences"),
    ])
    func exactLabels(id: String, label: String) {
        #expect(taxonomy.bct(id)?.label == label)
    }

    @Test("technique numbers run 1..n inside every BCTTv1 group")
    func numbering() {
        for group in taxonomy.groups(inFramework: Taxonomy.bcttv1) {
            let expected = (1...group.techniques.count).map { "\(group.id).\($0)" }
            #expect(group.techniques.map(\.id) == expected, "group \(group.id)")
            #expect(group.techniques.allSatisfy { $0.groupID == group.id && !($0.definition ?? "").isEmpty })
        }
    }

    @Test("relational group 17 is an extension with five techniques")
    func relationalGroup() throws {
        let group = try #require(taxonomy.group("17"))
        #expect(group.framework == Taxonomy.relational)
        #expect(group.techniques.map(\.label) == [
            "Sharing the peer worker's experiential knowledge", "Promoting reciprocity", "Promoting autonomy",
            "Promoting confidentiality", "Validating a safe and trusting relationship",
        ])
        #expect(group.techniques.allSatisfy { $0.isExtension })
        #expect(taxonomy.bct("3.1")?.isExtension == false)
        #expect(taxonomy.techniques.count == 98)
    }

    @Test("search ignores case and apostrophe style and ranks label matches first")
    func search() {
        #expect(taxonomy.search("others' approval").map(\.id) == ["6.3"])
        #expect(taxonomy.search("SOCIAL SUPPORT").prefix(3).map(\.id) == ["3.1", "3.2", "3.3"])
        #expect(taxonomy.search("13.2").first?.id == "13.2")
        #expect(taxonomy.search("reciprocity").map(\.id) == ["17.2"])
        #expect(taxonomy.search("   ").isEmpty)
        #expect(taxonomy.search("no such technique anywhere").isEmpty)
    }

    @Test("look-ups of unknown ids give nil")
    func unknownIDs() {
        #expect(taxonomy.bct("99.1") == nil)
        #expect(taxonomy.group("0") == nil)
        #expect(taxonomy.bct(" 3.1 ")?.id == "3.1")
    }

    @Test("an extension from JSON adds its groups")
    func extensionFromJSON() throws {
        let json = """
            {"framework": "digital", "groups": [{"id": "18", "label": "Digital support",
              "techniques": [{"id": "18.1", "label": "App reminders", "definition": "Reminders sent by an app."},
                             {"id": "18.2", "label": "Online forum"}]}]}
            """
        let extended = try taxonomy.extended(withJSON: Data(json.utf8), source: "digital.json")
        #expect(extended.techniques.count == 100)
        #expect(extended.bct("18.2")?.framework == "digital")
        #expect(extended.bct("18.2")?.groupID == "18")
        #expect(extended.group("18")?.label == "Digital support")
        #expect(extended.bct("18.1")?.isExtension == true)
        #expect(taxonomy.bct("18.1") == nil)
    }

    @Test("an extension from a dictionary adds its groups")
    func extensionFromDictionary() throws {
        let table: [String: Any] = [
            "framework": "housing",
            "groups": [["id": 19, "label": "Housing", "techniques": [["id": "19.1", "label": "Tenancy help"]]]],
        ]
        let extended = try taxonomy.extended(with: TaxonomyExtension(dictionary: table))
        #expect(extended.group("19")?.techniques.map(\.id) == ["19.1"])
    }

    @Test("extensions that reuse ids are refused with a clear error")
    func collisions() throws {
        let clash = try TaxonomyExtension(framework: "mine", groups: [
            BCTGroup(id: "18", label: "Mine", framework: "mine", techniques: [
                BCT(id: "3.1", label: "Copy", groupID: "18", framework: "mine"),
            ]),
        ])
        #expect(throws: FrameworkError.duplicateTechnique(id: "3.1", existingFramework: "bcttv1")) {
            try taxonomy.extended(with: clash)
        }
        let groupClash = try TaxonomyExtension(framework: "mine", groups: [
            BCTGroup(id: "17", label: "Mine", framework: "mine", techniques: [
                BCT(id: "17.9", label: "Nine", groupID: "17", framework: "mine"),
            ]),
        ])
        #expect(throws: FrameworkError.duplicateGroup(id: "17", existingFramework: "relational")) {
            try taxonomy.extended(with: groupClash)
        }
        #expect(FrameworkError.duplicateTechnique(id: "3.1", existingFramework: "bcttv1").description.contains("3.1"))
    }

    @Test("malformed extensions name the problem")
    func malformedExtensions() {
        #expect(throws: FrameworkError.self) { try TaxonomyExtension(json: Data("not json".utf8)) }
        do {
            _ = try TaxonomyExtension(json: Data(#"{"framework": "x", "groups": [{"id": "18", "techniques": []}]}"#.utf8),
                                      source: "x.json")
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains("x.json"))
            #expect("\(error)".contains("label"))
        }
        #expect(throws: FrameworkError.reservedFramework("bcttv1")) {
            try TaxonomyExtension(framework: "bcttv1", groups: [])
        }
        #expect(throws: FrameworkError.duplicateTechnique(id: "18.1", existingFramework: "dup")) {
            try TaxonomyExtension(framework: "dup", groups: [
                BCTGroup(id: "18", label: "A", framework: "dup", techniques: [
                    BCT(id: "18.1", label: "One", groupID: "18", framework: "dup"),
                    BCT(id: "18.1", label: "Again", groupID: "18", framework: "dup"),
                ]),
            ])
        }
    }
}

@Suite("Principles and codebooks")
struct FrameworksCodebookTests {
    @Test("five principles plus the cross-cutting diversity of lived experience")
    func principles() {
        let framework = PrinciplesFramework.standard
        #expect(framework.principles.map(\.id) == ["P1", "P2", "P3", "P4", "P5", "DIV"])
        #expect(framework.core.count == 5)
        #expect(framework.principle("div")?.crossCutting == true)
        #expect(framework.principle("P2")?.label == "Mutuality and reciprocity")
        #expect(framework.principle("P4")?.label == "Leadership, choice and control")
        #expect(framework.principle("P6") == nil)
    }

    @Test("built-in codebooks have the expected trees")
    func builtInCodebooks() throws {
        #expect(Codebook.builtIn.map(\.id) == ["change-model", "organisational-challenges", "peer-worker-values"])
        let model = try #require(Codebook.builtIn("change-model"))
        #expect(model.roots.map(\.label) == [
            "Building trusting relationships based on shared lived experience", "Role-modelling recovery",
            "Engaging with services and community", "Process outcomes",
        ])
        #expect(model.children(of: "cm.trust").map(\.label) == [
            "Making a connection", "Building the relationship", "Enabling talking and listening",
        ])
        #expect(model.children(of: "cm.rolemodel").count == 4)
        #expect(model.children(of: "cm.engage").count == 4)
        #expect(model.children(of: "cm.outcomes").map(\.label) == ["Hope", "Social functioning", "Engagement"])
        #expect(model.find("cm.trust")?.level == .theme)
        #expect(model.find("cm.trust.connection")?.level == .code)
        #expect(model.find("cm.trust.connection")?.colour == "#2E86AB")
        #expect(model.find("oc.teams") == nil)
        let challenges = try #require(Codebook.builtIn("organisational-challenges"))
        #expect(challenges.roots.count == 5)
        #expect(Codebook.builtIn("peer-worker-values")?.roots.map(\.label) == [
            "Recovery is possible", "Mutuality", "Person-centred", "Empowering, not fixing",
        ])
    }

    @Test("every codebook mapping names a known technique or principle and has a rationale")
    func mappingsResolve() {
        let ids = Set(Codebook.builtIn.flatMap(\.codes).map(\.id))
        #expect(ids.count == Codebook.builtIn.flatMap(\.codes).count, "code ids must be unique")
        for code in Codebook.builtIn.flatMap(\.codes) {
            for mapping in code.bcts {
                #expect(Taxonomy.standard.bct(mapping.targetID) != nil, "\(code.id) → \(mapping.targetID)")
                #expect(!(mapping.rationale ?? "").isEmpty)
            }
            for mapping in code.principles {
                #expect(PrinciplesFramework.standard.principle(mapping.targetID) != nil, "\(code.id) → \(mapping.targetID)")
                #expect(!(mapping.rationale ?? "").isEmpty)
            }
            if let parent = code.parentID { #expect(ids.contains(parent)) }
        }
    }
}
