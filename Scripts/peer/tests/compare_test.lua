local compare = require "peer.compare"
local stats = require "peer.stats"

-- Per participant: role, and the set of BCTT v1 techniques their codings show.
local function people()
  local role, shows = {}, {}
  for row in corpus.participants():rows() do
    role[row.id] = row["participant.role"]
    shows[row.id] = {}
  end
  local framework = {}
  for _, bct in ipairs(taxonomy.list("bcttv1")) do framework[bct.id] = true end
  for row in corpus.codings():rows() do
    for _, id in ipairs(row:values("bct.id")) do
      if framework[id] then shows[row["participant.id"]][id] = true end
    end
  end
  return role, shows
end

describe("roles", function()
  local rows, overall = compare.roles("PW")

  it("counts participants per technique as a recount does, and tests them with Fisher's test", function()
    local role, shows = people()
    local total, others = 0, 0
    for _, r in pairs(role) do
      if r == "PW" then total = total + 1 else others = others + 1 end
    end
    expect(#rows > 0).to.be_truthy()
    for _, row in ipairs(rows) do
      local a, c = 0, 0
      for id, techniques in pairs(shows) do
        if techniques[row.id] then
          if role[id] == "PW" then a = a + 1 else c = c + 1 end
        end
      end
      expect({ row.role_count, row.role_total, row.other_count, row.other_total }).to.equal({ a, total, c, others })
      local test = stats.fisher_exact(a, total - a, c, others - c)
      expect(row.p).to.equal(test.p)
      expect(row.odds_ratio).to.equal(test.odds_ratio)
      expect(row.over).to.equal(test.odds_ratio > 1)
      expect(row.q >= row.p).to.be_truthy()
      expect(row.label).to.equal(taxonomy.get(row.id).label)
    end
  end)

  it("orders techniques by p-value", function()
    for i = 2, #rows do expect(rows[i - 1].p <= rows[i].p).to.be_truthy() end
  end)

  it("matches scipy for the demo corpus's most different technique", function()
    -- scipy.stats.fisher_exact([[4, 16], [29, 21]]): peer workers and others showing 9.1.
    local first = rows[1]
    expect(first.id).to.equal("9.1")
    expect({ first.role_count, first.role_total, first.other_count, first.other_total }).to.equal({ 4, 20, 29, 50 })
    expect(first.p).to.be_near(0.0071812266581629345, 1e-15)
    expect(first.odds_ratio).to.be_near(0.1810344827586207, 1e-12)
  end)

  it("tests the profile as a whole on codings", function()
    expect(overall).not_to.be_nil()
    local mentions = corpus.codings():where{ framework = "bcttv1" }:crosstab("bct.id", "participant.role")
    local observed = { {}, {} }
    for row in mentions:rows() do
      local others = row.Total - row.PW
      if row.Total > 0 then
        table.insert(observed[1], row.PW)
        table.insert(observed[2], others)
      end
    end
    local expected = stats.chi_square(observed)
    expect(overall.statistic).to.be_near(expected.statistic, 1e-9)
    expect(overall.df).to.equal(#observed[1] - 1)
    expect(overall.cramers_v).to.be_near(expected.cramers_v, 1e-12)
  end)

  it("compares with one role and by group", function()
    local by_group = compare.roles("SU", { against = "PW", level = "group", unit = "codings" })
    local codings = corpus.codings():where{ framework = "bcttv1" }
    local su, pw = codings:where{ ["participant.role"] = "SU" }:count(), codings:where{ ["participant.role"] = "PW" }:count()
    for _, row in ipairs(by_group) do
      expect(row.role_total).to.equal(su)
      expect(row.other_total).to.equal(pw)
      expect(row.role_count).to.equal(codings:where{ ["participant.role"] = "SU", ["bct.group"] = row.id }:count())
      expect(row.label).to.equal(taxonomy.group(row.id).label)
    end
  end)

  it("refuses roles that are not there", function()
    expect(function() compare.roles("XX") end).to.fail("roles: unknown role 'XX' (roles in this corpus: MA, PW, ST, SU)")
    expect(function() compare.roles("PW", { against = "PW" }) end).to.fail("cannot be compared with itself")
    expect(function() compare.roles("PW", { unit = "segments" }) end).to.fail("option 'unit' must be one of")
  end)
end)

describe("report", function()
  it("lays out the comparison with the overall test", function()
    local text = compare.report("PW")
    expect(text).to.match("^id%s+label%s+PW%s+PW %%%s+others")
    expect(text).to.contain("\n9.1   Credible source")
    expect(text).to.match("\nOverall %(codings%): chi%-square = [%d.]+, df = %d+, p = ")
  end)
end)
