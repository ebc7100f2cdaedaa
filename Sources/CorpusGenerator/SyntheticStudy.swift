import StudyModel

/// Cases and participants of a synthetic study: sites cycle through the three sectors and each
/// site has seven participants (three service users, two peer workers, one staff member, one
/// manager), so any participant count gives the same mix of roles.
enum SyntheticStudy {
    /// Role of the n-th participant within a case.
    static let rolePattern: [ParticipantRole] = [.serviceUser, .peerWorker, .serviceUser, .staff, .serviceUser, .peerWorker, .manager]
    /// Sectors assigned to cases in turn.
    static let sectors = ["STA", "PAR", "VOL"]
    private static let sectorNames = ["STA": "statutory", "PAR": "partnership", "VOL": "voluntary"]
    private static let regions = ["North", "South", "East", "West"]
    private static let settings = ["community team", "inpatient ward", "crisis service", "recovery college"]
    private static let ageBands = ["18-24", "25-34", "35-44", "45-54", "55-64", "65+"]

    /// The cases and participants for `participantCount` people.
    static func layout(participants participantCount: Int, random: inout SeededRandom)
        -> (cases: [StudyCase], participants: [Participant])
    {
        let caseCount = (participantCount + rolePattern.count - 1) / rolePattern.count
        var numbers: [String: Int] = [:]
        let cases: [StudyCase] = (0..<caseCount).map { index in
            let sector = sectors[index % sectors.count]
            numbers[sector, default: 0] += 1
            let number = numbers[sector]!
            return StudyCase(
                id: "\(sector)\(number)", sector: sector,
                label: "Synthetic \(sectorNames[sector]!) site \(number)",
                attributes: [
                    "region": regions[random.below(regions.count)],
                    "setting": settings[random.below(settings.count)],
                    "synthetic": "yes",
                ])
        }
        var participants: [Participant] = []
        participants.reserveCapacity(participantCount)
        for index in 0..<participantCount {
            let studyCase = cases[index / rolePattern.count]
            let role = rolePattern[index % rolePattern.count]
            let sameRoleBefore = rolePattern[..<(index % rolePattern.count)].filter { $0 == role }.count
            let number = sameRoleBefore + 1
            var attributes = ["age_band": ageBands[random.below(ageBands.count)], "synthetic": "yes"]
            if role != .serviceUser { attributes["years_in_role"] = String(1 + random.below(12)) }
            participants.append(Participant(
                id: "\(studyCase.id)\(role.rawValue)\(number < 10 ? "0" : "")\(number)",
                role: role.rawValue, caseID: studyCase.id, attributes: attributes))
        }
        return (cases, participants)
    }
}
