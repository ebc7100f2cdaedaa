--- The peer-support principles in each case: how many of the five core principles the coded
--- interviews show (coverage), and how coverage sits beside the fidelity ratings.
local options = require "peer.options"

local M = {}

local GROUPINGS = { "case.id", "case.sector", "participant.role", "participant.id" }

-- The five core principles' ids, in order (diversity of lived experience cuts across them and
-- is reported on its own).
local function core_principles()
  local ids = {}
  for _, principle in ipairs(principles.list()) do
    if not principle.cross_cutting then ids[#ids + 1] = principle.id end
  end
  return ids
end

--- Principle coverage per case (or other grouping): the coded segments showing each principle,
--- each case's shares, and per case how many of the five core principles appear at all.
---
--- @param opts? {by?: "case.id"|"case.sector"|"participant.role"|"participant.id", count?: "segments"|"codings", where?: table}
---   by: the rows (default "case.id"); count: default "segments"; where: more filters
--- @return Table counts  cases × principles
--- @return Table shares  each cell as a percentage of its row total
--- @return {key: string, shown: integer, of: integer, coverage: number, missing: string[], diversity: boolean}[] summary
---   one record per row of counts: core principles shown, out of how many, their fraction,
---   the ids not shown, and whether diversity of lived experience (DIV) appears
--- @usage local counts, shares, summary = require("peer.principles").coverage(); print(counts)
function M.coverage(opts)
  local o = options.check(opts, {
    by = { type = "string", default = "case.id", one_of = GROUPINGS },
    count = { type = "string", default = "segments", one_of = { "segments", "codings" } },
    where = { type = "table" },
  }, "coverage")
  local query = (o.count == "segments" and corpus.segments() or corpus.codings()):where(options.filter(o.where))
  -- Rows without a principle are not part of coverage; the table's note counts them.
  local counts = query:crosstab(o.by, "principle.id", { missing = "drop" })
  local core = core_principles()
  local present = {}
  for _, column in ipairs(counts.columns) do present[column] = true end
  local summary = {}
  for row in counts:rows() do
    local record = { key = row[o.by], shown = 0, of = #core, missing = {} }
    for _, id in ipairs(core) do
      if present[id] and row[id] > 0 then
        record.shown = record.shown + 1
      else
        record.missing[#record.missing + 1] = id
      end
    end
    record.coverage = record.shown / record.of
    record.diversity = present.DIV == true and row.DIV > 0
    summary[#summary + 1] = record
  end
  return counts, counts:percent{ of = "row" }, summary
end

--- Fidelity per case beside coverage: the overall fidelity score from the ratings (0–1) and the
--- share of the five core principles the case's coded segments show.
---
--- @param opts? {where?: table}  filters for the coverage count
--- @return {case: string, fidelity: number?, coverage: number, shown: integer, missing: string[]}[] records
---   one per case that has coded segments or ratings, in case order; fidelity is nil for a case
---   without ratings
--- @return Table ratings  the fidelity scores per case and principle, as principles.fidelity gives them
--- @usage local records = require("peer.principles").fidelity(); for _, r in ipairs(records) do print(r.case, r.fidelity, r.coverage) end
function M.fidelity(opts)
  local o = options.check(opts, { where = { type = "table" } }, "fidelity")
  local ratings = principles.fidelity{ by = "case" }
  local _, _, summary = M.coverage{ by = "case.id", where = o.where }
  local by_case, order = {}, {}
  for _, record in ipairs(summary) do
    by_case[record.key] = { case = record.key, coverage = record.coverage, shown = record.shown, missing = record.missing }
    order[#order + 1] = record.key
  end
  for row in ratings:rows() do
    local case = row["case.id"]
    if not by_case[case] then
      by_case[case] = { case = case, coverage = 0, shown = 0, missing = core_principles() }
      order[#order + 1] = case
    end
    by_case[case].fidelity = row.Overall
  end
  table.sort(order)
  local records = {}
  for _, case in ipairs(order) do records[#records + 1] = by_case[case] end
  return records, ratings
end

return M
