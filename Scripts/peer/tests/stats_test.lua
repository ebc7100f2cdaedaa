-- Reference values computed with SciPy 1.17.1 (scipy.stats.chi2_contingency, fisher_exact,
-- contingency.association, chi2.sf, false_discovery_control).
local stats = require "peer.stats"

describe("chi_square", function()
  it("matches scipy without correction", function()
    local r = stats.chi_square{ { 8, 2 }, { 1, 5 } }
    expect(r.statistic).to.be_near(6.112169312169312, 1e-12)
    expect(r.df).to.equal(1)
    expect(r.p).to.be_near(0.013425424881491248, 1e-14)
    expect(r.cramers_v).to.be_near(0.6180700462007377, 1e-12)
    expect(r.min_expected).to.be_near(2.625, 1e-12)
  end)

  it("applies Yates's correction to 2×2 tables when asked", function()
    local r = stats.chi_square({ { 20, 10 }, { 5, 15 } }, { correction = true })
    expect(r.statistic).to.be_near(6.75, 1e-12)
    expect(r.p).to.be_near(0.0093747684594349, 1e-14)
    expect(r.cramers_v).to.be_near(0.408248290463863, 1e-12)
    local skew = stats.chi_square({ { 3, 0 }, { 0, 4 } }, { correction = true })
    expect(skew.statistic).to.be_near(3.5121527777777777, 1e-12)
    expect(skew.p).to.be_near(0.06092024766579063, 1e-14)
  end)

  it("handles larger tables and tiny p-values", function()
    local r = stats.chi_square{ { 120, 80, 45 }, { 60, 95, 70 }, { 30, 20, 90 } }
    expect(r.statistic).to.be_near(103.56518641287184, 1e-10)
    expect(r.df).to.equal(4)
    expect(r.p).to.be_near(1.712364576611344e-21, 1e-33)
    expect(r.cramers_v).to.be_near(0.2913580221303869, 1e-12)
    expect(stats.cramers_v{ { 3, 0 }, { 0, 4 } }).to.be_near(1.0, 1e-12)
  end)

  it("refuses tables it cannot test", function()
    expect(function() stats.chi_square{ { 1, 2, 3 } } end).to.fail("at least 2 rows and 2 columns")
    expect(function() stats.chi_square{ { 1, 0 }, { 2, 0 } } end).to.fail("column 2 has no counts")
    expect(function() stats.chi_square{ { 1, 2 }, { 3 } } end).to.fail("row 2 has 1 cells, but row 1 has 2")
    expect(function() stats.chi_square{ { 1, -2 }, { 3, 4 } } end).to.fail("cell [1][2] must be a count of 0 or more")
    expect(function() stats.chi_square(5) end).to.fail("a list of rows")
  end)
end)

describe("chi_square_p", function()
  it("matches scipy's chi2.sf", function()
    expect(stats.chi_square_p(3.84, 1)).to.be_near(0.05004352124870519, 1e-15)
    expect(stats.chi_square_p(250.0, 4)).to.be_near(6.509689997375721e-53, 1e-65)
    expect(stats.chi_square_p(0.5, 7)).to.be_near(0.9994464813904249, 1e-14)
    expect(stats.chi_square_p(0, 3)).to.equal(1)
  end)
end)

describe("fisher_exact", function()
  it("matches scipy for the two-sided test", function()
    local r = stats.fisher_exact{ { 8, 2 }, { 1, 5 } }
    expect(r.p).to.be_near(0.034965034965034975, 1e-14)
    expect(r.odds_ratio).to.equal(20.0)
    expect(stats.fisher_exact(20, 10, 5, 15).p).to.be_near(0.008578508150469125, 1e-14)
    local big = stats.fisher_exact{ { 40, 160 }, { 15, 185 } }
    expect(big.p).to.be_near(0.00041270362896296683, 1e-15)
    expect(big.odds_ratio).to.be_near(3.0833333333333335, 1e-12)
  end)

  it("matches scipy for one-sided tests", function()
    expect(stats.fisher_exact({ { 8, 2 }, { 1, 5 } }, { alternative = "greater" }).p).to.be_near(0.024475524475524483, 1e-14)
    expect(stats.fisher_exact(8, 2, 1, 5, { alternative = "less" }).p).to.be_near(0.9991258741258742, 1e-14)
  end)

  it("gives an infinite odds ratio for a zero off-diagonal", function()
    local r = stats.fisher_exact{ { 3, 0 }, { 0, 4 } }
    expect(r.odds_ratio).to.equal(math.huge)
    expect(r.p).to.be_near(0.028571428571428567, 1e-15)
  end)

  it("refuses anything but four whole counts", function()
    expect(function() stats.fisher_exact(1, 2, 3) end).to.fail("four whole counts of 0 or more, got nil")
    expect(function() stats.fisher_exact(1, 2.5, 3, 4) end).to.fail("got 2.5")
    expect(function() stats.fisher_exact({ { 1, 2 }, { 3, 4 } }, { alternative = "both" }) end).to.fail("alternative must be")
  end)
end)

describe("odds_ratio and residuals", function()
  it("handles zero cells", function()
    expect(stats.odds_ratio(0, 1, 0, 1)).to.equal(0 / 0)
    expect(stats.odds_ratio(2, 0, 1, 3)).to.equal(math.huge)
  end)

  it("matches the adjusted residuals formula", function()
    local r = stats.residuals{ { 20, 10 }, { 5, 15 } }
    local z = 2.886751345948129
    expect(r).to.be_near({ { z, -z }, { -z, z } }, 1e-12)
  end)
end)

describe("adjust_bh", function()
  it("matches scipy's false_discovery_control", function()
    expect(stats.adjust_bh{ 0.01, 0.04, 0.03, 0.2, 0.001 }).to.be_near({ 0.025, 0.05, 0.05, 0.2, 0.005 }, 1e-15)
    expect(stats.adjust_bh{}).to.equal({})
  end)

  it("refuses values that are not p-values", function()
    expect(function() stats.adjust_bh{ 0.5, 2 } end).to.fail("item 2 must be a p-value")
  end)
end)
