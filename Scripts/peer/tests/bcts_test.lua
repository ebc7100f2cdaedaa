local bcts = require "peer.bcts"
local helpers = require "helpers"

describe("by_role", function()
  it("counts the codings of each group per role as a row-by-row recount does", function()
    local counts = bcts.by_role()
    expect(counts.keys).to.equal({ "participant.role" })
    local expected = helpers.recount("participant.role", "bct.group", helpers.ids("group", "bcttv1"))
    expect(next(expected)).not_to.be_nil()
    expect(helpers.cells(counts, "participant.role")).to.equal(expected)
  end)

  it("counts participants per technique when asked", function()
    local counts = bcts.by_role{ level = "technique", count = "participants" }
    local expected = helpers.recount("participant.role", "bct.id", helpers.ids("technique", "bcttv1"), "participants")
    expect(helpers.cells(counts, "participant.role")).to.equal(expected)
  end)

  it("gives each role's shares of its own total", function()
    local counts, shares = bcts.by_role()
    for row in counts:rows() do
      local role = row["participant.role"]
      local sum = 0
      for _, column in ipairs(counts.columns) do
        expect(shares:cell(role, column)).to.be_near(100 * row[column] / row.Total, 1e-9)
        expect(shares:cell(role, column) <= 100).to.equal(true)
        sum = sum + shares:cell(role, column)
      end
      -- The Total counts each participant once, so a participant in several groups makes
      -- the shares add up to more than 100.
      expect(sum >= 100 - 1e-9).to.equal(true)
    end
  end)

  it("applies extra filters", function()
    local role = corpus.values("participant.role")[1]
    local counts = bcts.by_role{ where = { ["participant.role"] = role } }
    expect(counts.row_labels).to.equal({ role })
  end)

  it("names bad options", function()
    expect(function() bcts.by_role{ level = "groups" } end)
      .to.fail([[by_role: option 'level' must be one of "group", "technique", got "groups"]])
    expect(function() bcts.by_role{ levle = "group" } end).to.fail("by_role: unknown option 'levle'")
    expect(function() bcts.by_role("group") end).to.fail("by_role: options must be a table, got string")
    expect(function() bcts.by_role{ framework = "nope" } end).to.fail("framework has no value 'nope'")
  end)
end)

describe("by_sector", function()
  it("counts the codings of each group per sector as a row-by-row recount does", function()
    local counts, shares = bcts.by_sector()
    local expected = helpers.recount("case.sector", "bct.group", helpers.ids("group", "bcttv1"))
    expect(helpers.cells(counts, "case.sector")).to.equal(expected)
    expect(shares.row_labels).to.equal(counts.row_labels)
  end)
end)

describe("relational", function()
  it("counts participants per relational technique and role", function()
    local counts = bcts.relational()
    local expected = helpers.recount("participant.role", "bct.id", helpers.ids("technique", "relational"), "participants")
    expect(helpers.cells(counts, "bct.id")).to.equal(helpers.transpose(expected))
    for _, id in ipairs(counts.row_labels) do expect(id).to.match("^17%.%d$") end
  end)

  it("gives each column's shares by sector", function()
    local counts, shares = bcts.relational{ by = "case.sector" }
    expect(counts.keys).to.equal({ "bct.id" })
    for _, sector in ipairs(shares.columns) do
      local sum = 0
      for _, id in ipairs(shares.row_labels) do
        expect(shares:cell(id, sector)).to.be_near(100 * counts:cell(id, sector) / counts:cell("Total", sector), 1e-9)
        sum = sum + shares:cell(id, sector)
      end
      expect(sum >= 100 - 1e-9).to.equal(true)
    end
  end)
end)

describe("labels", function()
  it("labels ids with the taxonomy's own labels", function()
    local names = bcts.labels("technique", "relational")
    local count = 0
    for id, label in pairs(names) do
      expect(label).to.equal(id .. " " .. taxonomy.get(id).label)
      count = count + 1
    end
    expect(count).to.equal(#taxonomy.group("17"):techniques())
    expect(bcts.labels()["3"]).to.equal("3 " .. taxonomy.group("3").label)
    expect(function() bcts.labels("code") end).to.fail("labels: level must be")
  end)
end)
