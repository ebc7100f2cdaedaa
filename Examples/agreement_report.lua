-- How far do the coders agree?
--
-- Compares the coders' code sets per interview: overall figures, Krippendorff's alpha per code
-- (presence or absence of the code), and for each pair of coders Cohen's kappa and the share of
-- interviews where they applied at least one code in common. Writes Markdown and CSV.

local report = stats.agreement(corpus.codings(), { unit = "document" })

local function pick(measure, scope)
  local lines = {}
  for row in report:rows() do
    if row.measure == measure and scope(row) then
      lines[#lines + 1] = row
    end
  end
  return lines
end

local function show(title, rows, label)
  print(title)
  for _, row in ipairs(rows) do
    local value = row.value and ("%.3f"):format(row.value) or "NA"
    print(("  %-28s %6s   (%d units, %d coders)"):format(label(row), value, row.units, row.coders))
  end
  print()
end

show("Overall", pick("alpha_nominal", function(r) return r.code == "all" and r.pair == "all" end),
  function() return "alpha (nominal)" end)
show("Alpha per code (presence/absence)", pick("alpha_nominal", function(r) return r.code ~= "all" and r.pair == "all" end),
  function(r) return r.code end)
show("Cohen's kappa per coder pair", pick("cohen_kappa", function(r) return r.code == "all" and r.pair ~= "all" end),
  function(r) return r.pair end)
show("At least one code in common, per coder pair", pick("any_code_in_common", function(r) return r.code == "all" and r.pair ~= "all" end),
  function(r) return r.pair end)

report:write("agreement.csv")
report:write("agreement.md")
print("Full table written to agreement.csv and agreement.md.")
