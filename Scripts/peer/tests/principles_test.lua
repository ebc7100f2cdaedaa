local peer_principles = require "peer.principles"
local helpers = require "helpers"

local CORE = {}
for _, principle in ipairs(principles.list()) do
  if not principle.cross_cutting then CORE[#CORE + 1] = principle.id end
end

-- Segments per case and principle, counted by walking the segments.
local function recount_segments(filter)
  local counts = {}
  for row in corpus.segments():where(filter or {}):rows() do
    for _, id in ipairs(row:values("principle.id")) do
      local case = row["case.id"]
      counts[case] = counts[case] or {}
      counts[case][id] = (counts[case][id] or 0) + 1
    end
  end
  return counts
end

describe("coverage", function()
  it("counts segments per case and principle as a recount does", function()
    local counts, shares = peer_principles.coverage()
    local expected = recount_segments()
    expect(next(expected)).not_to.be_nil()
    expect(helpers.cells(counts, "case.id")).to.equal(expected)
    expect(shares.row_labels).to.equal(counts.row_labels)
  end)

  it("summarises which core principles each case shows", function()
    local participant = corpus.values("participant.id")[1]
    local filter = { ["participant.id"] = participant }
    local counts, _, summary = peer_principles.coverage{ where = filter }
    local seen = recount_segments(filter)
    expect(#summary).to.equal(#counts.row_labels)
    for _, record in ipairs(summary) do
      local shown, missing = 0, {}
      for _, id in ipairs(CORE) do
        if (seen[record.key] or {})[id] then shown = shown + 1 else missing[#missing + 1] = id end
      end
      expect(record.shown).to.equal(shown)
      expect(record.missing).to.equal(missing)
      expect(record.of).to.equal(#CORE)
      expect(record.coverage).to.be_near(shown / #CORE)
      expect(record.diversity).to.equal((seen[record.key] or {}).DIV ~= nil)
    end
  end)

  it("groups by role and counts codings when asked", function()
    local counts = peer_principles.coverage{ by = "participant.role", count = "codings" }
    expect(counts.keys).to.equal({ "participant.role" })
    local ids = {}
    for _, principle in ipairs(principles.list()) do ids[principle.id] = true end
    expect(helpers.cells(counts, "participant.role")).to.equal(helpers.recount("participant.role", "principle.id", ids))
  end)

  it("names bad options", function()
    expect(function() peer_principles.coverage{ by = "coder" } end).to.fail("coverage: option 'by' must be one of")
  end)
end)

describe("fidelity", function()
  it("puts each case's overall rating beside its coverage", function()
    local records, ratings = peer_principles.fidelity()
    local _, _, summary = peer_principles.coverage()
    local coverage = {}
    for _, record in ipairs(summary) do coverage[record.key] = record.coverage end
    local overall = {}
    for row in ratings:rows() do overall[row["case.id"]] = row.Overall end
    expect(#records).to.be_truthy()
    local previous = ""
    for _, record in ipairs(records) do
      expect(record.case > previous).to.be_truthy()
      previous = record.case
      expect(record.fidelity).to.equal(overall[record.case])
      expect(record.coverage).to.equal(coverage[record.case] or 0)
    end
    expect(#records >= #ratings.row_labels).to.be_truthy()
  end)
end)
