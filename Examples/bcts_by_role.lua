-- Which groups of behaviour change techniques show up in each role's accounts?
--
-- Counts the codings that stand for a BCT Taxonomy v1 technique (coded directly, or through a
-- codebook code mapped to techniques), by participant role and technique group, then shows
-- each role's profile as row percentages and writes the counts to CSV.
--
--   peerscript run Examples/bcts_by_role.lua [--project study.peerdb] [--out results/]

local codings = corpus.codings():where{ framework = "bcttv1" }
local counts = codings:crosstab("participant.role", "bct.group")

print("BCT groups by participant role (codings)")
print(counts)
print()
print("Share of each role's codings in each group (%)")
print(counts:percent{ of = "row" })
print()
print("Group labels:")
for _, group in ipairs(taxonomy.groups("bcttv1")) do
  print(("  %2s  %s"):format(group.id, group.label))
end

counts:write("bcts_by_role.csv")
print()
print("Counts written to bcts_by_role.csv in the output folder.")
