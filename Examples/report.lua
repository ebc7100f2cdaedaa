-- A report of the corpus in one HTML file: technique groups by role, relational techniques by
-- sector and as a network, and the principles by case. The file holds its styles and charts
-- inline, so it opens without a network connection and prints as it looks.
--
--   peerscript run Examples/report.lua [--project study.peerdb] [--out results/]

-- Display names for the numbers tables are labelled with, so charts read without a key.
local group_names = {}
for _, group in ipairs(taxonomy.groups("bcttv1")) do
  group_names[group.id] = ("%s. %s"):format(group.id, group.label)
end
local relational_names = {}
for _, bct in ipairs(taxonomy.group("17"):techniques()) do
  relational_names[bct.id] = ("%s %s"):format(bct.id, bct.label)
end
local principle_names = {}
for _, principle in ipairs(principles.list()) do
  principle_names[principle.id] = ("%s %s"):format(principle.id, principle.label)
end

local r = report.new{ title = "Behaviour change techniques in peer support" }
r:text(peerscript.project and ("Project: " .. peerscript.project)
  or "Built from the demo corpus: synthetic interviews, not real participants.")

local by_role = corpus.codings():where{ framework = "bcttv1" }:crosstab("participant.role", "bct.group")
r:heading("Technique groups by role")
r:text([[Codings of BCT Taxonomy v1 techniques in the accounts of peer workers (PW), service
users (SU), staff (ST) and managers (MA), grouped by technique group. Darker cells hold more
codings.]])
r:chart(by_role:plot{ kind = "heatmap", title = "BCT groups by participant role (codings)", labels = group_names })
r:chart(by_role:percent{ of = "row" }:plot{
  kind = "stacked_bar", title = "Share of each role's codings by group (%)", labels = group_names })
r:table(by_role)

local relational = corpus.codings():where{ ["bct.group"] = "17" }
local by_sector = relational:crosstab("bct.id", "case.sector", { count = "participants" })
r:heading("Relational techniques by sector")
r:text([[Participants whose accounts show each relational technique of one-to-one peer support,
by the sector of their case: statutory (STA), partnership (PAR) and voluntary (VOL).]])
r:chart(by_sector:plot{ kind = "bar", title = "Participants showing each relational technique", labels = relational_names })
r:table(by_sector)

local together = relational:cooccurrence("bct.id", { within = "document" })
r:heading("Relational techniques in the same interview", 2)
r:text([[Circles grow with the number of interviews showing a technique; lines thicken with the
number of interviews showing both techniques they join.]])
r:chart(together:plot{ kind = "network", title = "Relational techniques mentioned together", labels = relational_names })

local by_case = corpus.codings():crosstab("case.id", "principle.id", { missing = "drop" })
r:heading("Principles by case")
r:text([[Codings mapped to each peer-support principle, directly or through codebook codes, as a
share of each case's principle codings.]])
r:chart(by_case:percent{ of = "row" }:plot{
  kind = "heatmap", title = "Share of each case's principle codings (%)", labels = principle_names })
r:table(by_case)

local agreement = stats.agreement(corpus.codings(), { unit = "document", per_code = false })
r:heading("Agreement between coders")
r:text([[How far the coders agree on the codes applied to each interview: the share of interviews
with identical code sets, the share with at least one code in common, Cohen's kappa for each
pair of coders, and Krippendorff's alpha with nominal, Jaccard and MASI distances.]])
r:table(agreement)

r:write("report.html")
print(("Wrote report.html: %d technique groups, %d relational techniques, %d cases."):format(
  #by_role.columns, #by_sector, #by_case))
