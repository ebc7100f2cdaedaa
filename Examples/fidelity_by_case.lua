-- How closely does each case's practice follow the peer-support principles?
--
-- Puts two sources side by side: the fidelity ratings (items rated per case or per
-- participant, each scaled to 0-1 by its item's range) and the evidence in the coded
-- interviews (the share of each case's coded segments that show each principle).

local ratings = principles.fidelity{ by = "case" }
print(ratings)
ratings:write("fidelity_by_case.csv")

-- Evidence: segments showing each principle, over all coded segments of the case.
local showing = corpus.segments():crosstab("case.id", "principle.id", { missing = "drop" })
local coded = corpus.segments():count_by("case.id")

print()
print("Share of coded segments showing each principle")
local header = { "case" }
for _, principle in ipairs(showing.columns) do header[#header + 1] = principle end
print(table.concat(header, "\t"))
for row in showing:rows() do
  local case_id = row["case.id"]
  local total = coded:cell(case_id, "segments")
  local line = { case_id }
  for _, principle in ipairs(showing.columns) do
    line[#line + 1] = ("%.2f"):format(row[principle] / total)
  end
  print(table.concat(line, "\t"))
end
