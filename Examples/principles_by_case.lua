-- How far does each case's practice show the five peer-support principles?
--
-- Counts codings mapped to each principle (directly, or through codebook codes), per case,
-- and the share of each case's principle codings that falls on each principle.

local counts = corpus.codings():crosstab("case.id", "principle.id", { missing = "drop" })
print("Codings per principle, by case")
print(counts)
print()
print("Share of each case's principle codings (%)")
print(counts:percent{ of = "row" })
print()
for _, principle in ipairs(principles.list()) do
  print(("%-4s %s"):format(principle.id, principle.label))
end
counts:write("principles_by_case.csv")
