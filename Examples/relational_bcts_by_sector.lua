-- How often does each relational technique (group 17) appear in each sector?
--
-- Group 17 holds the relational aspects of one-to-one peer support. Counts the participants
-- whose accounts show each technique, by sector of their case (STA statutory, PAR partnership,
-- VOL voluntary).

local relational = corpus.codings():where{ ["bct.group"] = "17" }
local by_sector = relational:crosstab("bct.id", "case.sector", { count = "participants" })

print("Participants whose accounts show each relational technique, by sector")
print(by_sector)
print()
for _, bct in ipairs(taxonomy.group("17"):techniques()) do
  print(("%-5s %s"):format(bct.id, bct.label))
end
by_sector:write("relational_bcts_by_sector.md")
