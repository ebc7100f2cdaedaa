--- Behaviour change techniques by participant role and by sector: counts and percentages, and
--- the relational techniques of one-to-one peer support (group 17).
local options = require "peer.options"

local M = {}

local LEVELS = { group = "bct.group", technique = "bct.id" }
local UNITS = { "codings", "segments", "participants", "documents" }

local function spec(defaults)
  return {
    framework = { type = "string", default = defaults.framework or "bcttv1" },
    level = { type = "string", default = defaults.level or "group", one_of = { "group", "technique" } },
    count = { type = "string", default = defaults.count or "codings", one_of = UNITS },
    where = { type = "table" },
  }
end

-- The codings of the chosen framework ("all" for every framework), with the user's filters.
local function codings(o)
  local extra = o.framework ~= "all" and { framework = o.framework } or nil
  return corpus.codings():where(options.filter(o.where, extra))
end

local function crosstab(rows, o)
  local counts = codings(o):crosstab(rows, LEVELS[o.level], { count = o.count })
  return counts, counts:percent{ of = "row" }
end

--- Counts techniques by participant role: one row per role, one column per technique group
--- (or technique), and the same counts as percentages of each role's total.
---
--- @param opts? {framework?: string, level?: "group"|"technique", count?: "codings"|"segments"|"participants"|"documents", where?: table}
---   framework: "bcttv1" (default), "relational", an extension's name, or "all";
---   count: what each cell counts (default codings; "participants" counts people whose
---   accounts show the technique); where: more filters, as for Query:where
--- @return Table counts  roles × technique groups (or techniques)
--- @return Table shares  each cell as a percentage of its role's row total
--- @usage local counts, shares = require("peer.bcts").by_role{ level = "technique" }; print(shares)
function M.by_role(opts)
  return crosstab("participant.role", options.check(opts, spec{}, "by_role"))
end

--- Counts techniques by the sector of each participant's case (statutory, partnership,
--- voluntary): one row per sector, one column per technique group (or technique), and the same
--- counts as percentages of each sector's total.
---
--- @param opts? {framework?: string, level?: "group"|"technique", count?: "codings"|"segments"|"participants"|"documents", where?: table}
---   as for by_role
--- @return Table counts  sectors × technique groups (or techniques)
--- @return Table shares  each cell as a percentage of its sector's row total
--- @usage local counts = require("peer.bcts").by_sector{ count = "participants" }; print(counts)
function M.by_sector(opts)
  return crosstab("case.sector", options.check(opts, spec{}, "by_sector"))
end

--- The relational techniques of one-to-one peer support (group 17) by role or by sector: one
--- row per technique, one column per role (or sector), counting participants by default, and
--- each column as percentages of its total (how each role's relational mentions divide among
--- the techniques).
---
--- @param opts? {by?: "participant.role"|"case.sector", count?: "codings"|"segments"|"participants"|"documents", where?: table}
---   by: the columns (default "participant.role"); count: default "participants"
--- @return Table counts  techniques 17.x × roles (or sectors)
--- @return Table shares  each cell as a percentage of its column total
--- @usage local counts = require("peer.bcts").relational{ by = "case.sector" }; print(counts)
function M.relational(opts)
  local o = options.check(opts, {
    by = { type = "string", default = "participant.role", one_of = { "participant.role", "case.sector" } },
    count = { type = "string", default = "participants", one_of = UNITS },
    where = { type = "table" },
  }, "relational")
  local query = corpus.codings():where(options.filter(o.where, { ["bct.group"] = "17" }))
  local counts = query:crosstab("bct.id", o.by, { count = o.count })
  return counts, counts:percent{ of = "column" }
end

--- Labels for technique or group numbers, such as ["3.1"] = "3.1 Social support (unspecified)",
--- for printing tables and charts whose rows or columns are numbers.
---
--- @param level? "group"|"technique"  default "group"
--- @param framework? string  only this framework's ids (default: all)
--- @return table<string, string> labels  id → "id label"
--- @usage local names = require("peer.bcts").labels("technique", "relational"); print(names["17.1"])
function M.labels(level, framework)
  level = level or "group"
  if level ~= "group" and level ~= "technique" then
    error("labels: level must be \"group\" or \"technique\", got " .. tostring(level), 2)
  end
  local labels = {}
  local items = level == "group" and taxonomy.groups(framework) or taxonomy.list(framework)
  for _, item in ipairs(items) do labels[item.id] = item.id .. " " .. item.label end
  return labels
end

return M
