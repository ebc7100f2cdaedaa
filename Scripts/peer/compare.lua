--- Role comparison: which techniques are over-represented in one role's accounts compared with
--- the other roles (or one other role), with Fisher's exact test and the odds ratio per
--- technique, Benjamini–Hochberg q-values across techniques, and a chi-square test with
--- Cramér's V for the role's profile as a whole.
local options = require "peer.options"
local stats = require "peer.stats"

local M = {}

local LEVELS = { group = "bct.group", technique = "bct.id" }

-- The label of a technique or group id.
local function label_of(level, id)
  if level == "group" then return taxonomy.group(id).label end
  return taxonomy.get(id).label
end

-- Units per role: participants interviewed, or codings of the framework.
local function role_totals(o, filter)
  local totals = {}
  local counts
  if o.unit == "participants" then
    counts = corpus.participants():where(options.filter(o.where)):count_by("participant.role")
  else
    counts = corpus.codings():where(filter):count_by("participant.role")
  end
  for row in counts:rows() do totals[row["participant.role"]] = row[counts.columns[1]] end
  return totals
end

--- Compares one role with the others: for each technique (or group), how many units of the
--- role show it against how many units of the comparison roles, tested with Fisher's exact
--- test (two-sided) on the 2×2 table, with the odds ratio as effect size.
---
--- Units are participants by default: a participant shows a technique when any coding of their
--- interview does, and each role's total is its number of participants, so the counts are of
--- independent people. With unit = "codings", each coding counts, against the role's codings
--- of the framework. q-values control the false discovery rate over all techniques compared.
--- The overall test is a chi-square test on the 2 × techniques table of codings (role against
--- comparison roles) with Cramér's V; codings from one interview are not independent, so read
--- it as a description of how different the profiles are.
---
--- @param role string  the role to look at, such as "PW"
--- @param opts? {against?: string, framework?: string, level?: "technique"|"group", unit?: "participants"|"codings", where?: table}
---   against: one role to compare with (default: all other roles together); framework: default
---   "bcttv1"; level: default "technique"; where: more filters
--- @return {id: string, label: string, role_count: integer, role_total: integer, role_share: number, other_count: integer, other_total: integer, other_share: number, odds_ratio: number, p: number, q: number, over: boolean}[] rows
---   one per technique shown by anyone compared, by p-value then id; over is true when the role
---   shows the technique more often (odds ratio above 1)
--- @return {statistic: number, df: integer, p: number, cramers_v: number, n: number, min_expected: number}|nil overall
---   the chi-square test, or nil when fewer than two techniques occur
--- @usage local rows = require("peer.compare").roles("PW", { against = "SU" }); print(rows[1].id, rows[1].p)
function M.roles(role, opts)
  local o = options.check(opts, {
    against = { type = "string" },
    framework = { type = "string", default = "bcttv1" },
    level = { type = "string", default = "technique", one_of = { "technique", "group" } },
    unit = { type = "string", default = "participants", one_of = { "participants", "codings" } },
    where = { type = "table" },
  }, "roles")
  local roles = corpus.values("participant.role")
  local known = {}
  for _, name in ipairs(roles) do known[name] = true end
  for _, name in ipairs({ role, o.against }) do
    if type(name) ~= "string" or not known[name] then
      error(("roles: unknown role %s (roles in this corpus: %s)"):format(
        type(name) == "string" and "'" .. name .. "'" or tostring(name), table.concat(roles, ", ")), 2)
    end
  end
  if o.against == role then error("roles: a role cannot be compared with itself", 2) end

  local filter = options.filter(o.where, o.framework ~= "all" and { framework = o.framework } or nil)
  local field = LEVELS[o.level]
  local counts = corpus.codings():where(filter):crosstab(field, "participant.role", { count = o.unit })
  local mentions = o.unit == "codings" and counts
    or corpus.codings():where(filter):crosstab(field, "participant.role")
  local totals = role_totals(o, filter)
  local function compared(row)
    local total = 0
    for _, name in ipairs(roles) do
      if name ~= role and (o.against == nil or name == o.against) then total = total + (row[name] or 0) end
    end
    return total
  end
  local role_total, other_total = totals[role] or 0, compared(totals)

  local rows, p_values = {}, {}
  for row in counts:rows() do
    local id = row[field]
    local a, c = row[role] or 0, compared(row)
    if a + c > 0 then
      local test = stats.fisher_exact(a, role_total - a, c, other_total - c)
      rows[#rows + 1] = {
        id = id, label = label_of(o.level, id),
        role_count = a, role_total = role_total, role_share = role_total > 0 and a / role_total or 0 / 0,
        other_count = c, other_total = other_total, other_share = other_total > 0 and c / other_total or 0 / 0,
        odds_ratio = test.odds_ratio, p = test.p, over = a * (other_total - c) > c * (role_total - a),
      }
      p_values[#p_values + 1] = test.p
    end
  end
  local q = stats.adjust_bh(p_values)
  for i, row in ipairs(rows) do row.q = q[i] end
  table.sort(rows, function(x, y)
    if x.p ~= y.p then return x.p < y.p end
    return x.id < y.id
  end)

  -- Overall: role against the comparison roles, over the techniques either of them shows.
  local observed = { {}, {} }
  for row in mentions:rows() do
    local a, c = row[role] or 0, compared(row)
    if a + c > 0 then
      table.insert(observed[1], a)
      table.insert(observed[2], c)
    end
  end
  local overall
  local role_sum, other_sum = 0, 0
  for i = 1, #observed[1] do
    role_sum, other_sum = role_sum + observed[1][i], other_sum + observed[2][i]
  end
  if #observed[1] >= 2 and role_sum > 0 and other_sum > 0 then
    local test = stats.chi_square(observed)
    overall = { statistic = test.statistic, df = test.df, p = test.p, cramers_v = test.cramers_v,
                n = test.n, min_expected = test.min_expected }
  end
  return rows, overall
end

--- The comparison as text: one line per technique with counts, shares, odds ratio, p and q,
--- marking with "+" (in the column after the label) the techniques over-represented in the
--- role at q below 0.05, then the overall test. The lines are a `Table` printed.
--- @param role string  as for roles
--- @param opts? table  as for roles
--- @return string text
--- @usage print(require("peer.compare").report("PW"))
function M.report(role, opts)
  local ok, rows, overall = pcall(M.roles, role, opts)
  if not ok then error(rows, 2) end
  local cells = {}
  for index, row in ipairs(rows) do
    cells[index] = { row.id, row.label, row.over and row.q < 0.05 and "+" or "",
      row.role_count, row.role_share * 100, row.other_count, row.other_share * 100,
      -- As floats, so a p of exactly 1 still shows its decimals.
      row.odds_ratio + 0.0, row.p + 0.0, row.q + 0.0 }
  end
  local against = type(opts) == "table" and opts.against or "others"
  local lines = {
    (tostring(Table.new{
      columns = { "id", "label", "", role, { role .. " %", decimals = 1 }, against, { against .. " %", decimals = 1 },
                  { "OR", decimals = 2 }, { "p", decimals = 4 }, { "q", decimals = 4 } },
      rows = cells, keys = 3,
    }):gsub("\n$", "")),
  }
  if overall then
    lines[#lines + 1] = ""
    lines[#lines + 1] = ("Overall (codings): chi-square = %.2f, df = %d, p = %.4g, Cramér's V = %.3f%s"):format(
      overall.statistic, overall.df, overall.p, overall.cramers_v,
      overall.min_expected < 5 and " (some expected counts below 5: read the p-value with care)" or "")
  end
  return table.concat(lines, "\n")
end

return M
