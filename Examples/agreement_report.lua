-- How far do the coders agree?
--
-- Lines up the coders' own selections: spans that share at least half of the shorter one are
-- the same stretch of text, and a coder who coded the interview but left that stretch uncoded
-- counts as saying "no code here". Prints Krippendorff's alpha per code (presence or absence),
-- and for each pair of coders Cohen's kappa and how often their codes overlap at all; then
-- NVivo's character-level kappa per code. Writes everything to Markdown and CSV.

local codings = corpus.codings()
local a = stats.agreement(codings, { unit = "segment", min_overlap = "50%" })

local function figure(value)
  return value and ("%.3f"):format(value) or "NA"
end

local alpha, why, overall = a:get("alpha_nominal")
print(("Overall alpha (nominal): %s, from the %d of %d stretches of text that two or more coders rated"):format(
  figure(alpha), overall.units, a.units))
if not alpha then print("  " .. why) end
print()

print("Alpha per code (presence or absence)")
local codes = {}
for row in a:rows() do
  if row.measure == "alpha_nominal" and row.code ~= "all" and row.pair == "all" then codes[#codes + 1] = row end
end
table.sort(codes, function(x, y)
  if x.value ~= y.value then return (x.value or -2) > (y.value or -2) end
  return x.code < y.code
end)
for _, row in ipairs(codes) do
  print(("  %-26s %6s  (%d units)"):format(row.code, figure(row.value), row.units))
end
print()

print("Coder pairs                  kappa  overlap  (units)")
for i = 1, #a.coders - 1 do
  for j = i + 1, #a.coders do
    local pair = { a.coders[i], a.coders[j] }
    local kappa, _, record = a:get("cohen_kappa", { pair = pair })
    local common = a:get("any_code_in_common", { pair = pair })
    print(("  %-26s %6s  %6s   (%d)"):format(pair[1] .. " – " .. pair[2], figure(kappa),
      common and ("%.0f%%"):format(common * 100) or "NA", record.units))
  end
end
print()

-- NVivo's comparison: every character of a transcript is a unit, per code and pair of coders.
local characters = stats.agreement(codings, { unit = "character" })
print("Character-level kappa per code, pooled over the transcripts both coders worked on")
for row in characters:rows() do
  if row.document == "all" and row.measure == "character_kappa" and row.pair == "Coder A–Coder B" then
    print(("  %-26s %6s"):format(row.code, figure(row.value)))
  end
end
print()

a:write("agreement.csv")
a:write("agreement.md")
characters:write("agreement_characters.csv")
print("Full tables written to agreement.csv, agreement.md and agreement_characters.csv.")
