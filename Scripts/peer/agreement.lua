--- An inter-coder agreement report: the overall coefficients, Krippendorff's alpha per code,
--- and per pair of coders Cohen's kappa, exact agreement and the share of units with at least
--- one code in common, as records, as Markdown, and optionally as files.
local options = require "peer.options"

local M = {}

-- A figure for a Table: an undefined one (nil) is NaN, which prints as NA.
local function figure(value)
  return value or 0 / 0
end

-- The figure, its reason when undefined, and its record, from an Agreement result.
local function read(agreement, measure, scope)
  local value, reason, record = agreement:get(measure, scope)
  return { value = value, reason = reason, units = record.units, dropped = record.dropped }
end

local function overall_record(agreement)
  local record = { units = agreement.units, coders = #agreement.coders }
  for _, measure in ipairs { "alpha_nominal", "alpha_masi", "alpha_jaccard", "fleiss_kappa",
                             "percent_agreement", "any_code_in_common" } do
    record[measure] = read(agreement, measure)
  end
  return record
end

local function code_records(agreement)
  local records = {}
  for row in agreement:rows() do
    if row.measure == "alpha_nominal" and row.code ~= "all" and row.pair == "all" then
      records[#records + 1] = {
        code = row.code,
        alpha = read(agreement, "alpha_nominal", { code = row.code }),
        percent_agreement = read(agreement, "percent_agreement", { code = row.code }),
      }
    end
  end
  table.sort(records, function(a, b) return a.code < b.code end)
  return records
end

local function pair_records(agreement)
  local records = {}
  local coders = agreement.coders
  for i = 1, #coders - 1 do
    for j = i + 1, #coders do
      local scope = { pair = { coders[i], coders[j] } }
      records[#records + 1] = {
        pair = { coders[i], coders[j] },
        kappa = read(agreement, "cohen_kappa", scope),
        percent_agreement = read(agreement, "percent_agreement", scope),
        any_code_in_common = read(agreement, "any_code_in_common", scope),
      }
    end
  end
  return records
end

-- A Markdown table of figures (three decimals, shares as proportions) under a header.
local function markdown_table(header, rows)
  return (Table.new{ columns = header, rows = rows, keys = 1, decimals = 3 }:markdown():gsub("\n$", ""))
end

-- The minimum overlap in words: "50% of the shorter span" or "12 characters".
local function overlap_text(amount)
  if type(amount) == "string" then return amount .. " of the shorter span" end
  if amount < 1 then return ("%g%% of the shorter span"):format(amount * 100) end
  return ("%d character%s"):format(amount, amount == 1 and "" or "s")
end

local function markdown(title, o, summary)
  local overall = summary.overall
  local unit = o.unit == "segment"
    and ("stretches of text (coders' spans sharing at least %s are one unit)"):format(overlap_text(o.min_overlap))
    or "whole documents"
  local silence = o.uncoded == "empty"
    and "text a coder left uncoded in a document they coded counts as \"no code\""
    or "text a coder left uncoded is a missing rating"
  local parts = {
    "# " .. title, "",
    ("Units: %s; %s. Values compared: `%s`. Coders: %s. Agreement is a proportion from 0 to 1."):format(unit, silence, o.field,
      table.concat(summary.coders, ", ")), "",
    "## Overall", "",
    markdown_table({ "measure", "value", "units used" }, {
      { "Krippendorff's alpha (nominal)", figure(overall.alpha_nominal.value), overall.alpha_nominal.units },
      { "Krippendorff's alpha (MASI)", figure(overall.alpha_masi.value), overall.alpha_masi.units },
      { "Fleiss' kappa (units every coder rated)", figure(overall.fleiss_kappa.value), overall.fleiss_kappa.units },
      { "Exact agreement, all coders", figure(overall.percent_agreement.value), overall.percent_agreement.units },
      { "At least one code in common, all coders", figure(overall.any_code_in_common.value), overall.any_code_in_common.units },
    }), "",
    "## Coder pairs", "",
  }
  local pairs_rows = {}
  for _, record in ipairs(summary.pairs) do
    pairs_rows[#pairs_rows + 1] = { record.pair[1] .. " – " .. record.pair[2], figure(record.kappa.value),
      figure(record.percent_agreement.value), figure(record.any_code_in_common.value), record.kappa.units }
  end
  parts[#parts + 1] = markdown_table({ "pair", "Cohen's kappa", "exact agreement", "a code in common", "units" }, pairs_rows)
  parts[#parts + 1] = ""
  parts[#parts + 1] = "## Codes (presence or absence)"
  parts[#parts + 1] = ""
  local code_rows = {}
  for _, record in ipairs(summary.codes) do
    code_rows[#code_rows + 1] = { record.code, figure(record.alpha.value), figure(record.percent_agreement.value),
      record.alpha.units }
  end
  parts[#parts + 1] = markdown_table({ "code", "alpha", "exact agreement (all coders)", "units (alpha)" }, code_rows)
  local reasons, seen = {}, {}
  local function note(entry)
    if entry.reason and not seen[entry.reason] then
      seen[entry.reason] = true
      reasons[#reasons + 1] = "- NA: " .. entry.reason
    end
  end
  for _, entry in pairs(overall) do if type(entry) == "table" then note(entry) end end
  for _, record in ipairs(summary.pairs) do note(record.kappa) end
  for _, record in ipairs(summary.codes) do note(record.alpha) end
  table.sort(reasons)
  if #reasons > 0 then
    parts[#parts + 1] = ""
    parts[#parts + 1] = table.concat(reasons, "\n")
  end
  return table.concat(parts, "\n") .. "\n"
end

--- The agreement between the coders of the corpus, ready to report: overall coefficients,
--- each code's alpha on presence or absence, and each pair's kappa and overlap.
---
--- @param opts? {unit?: "segment"|"document", min_overlap?: number|string, uncoded?: "empty"|"missing", field?: string, coders?: string[], where?: table, title?: string, write?: string}
---   unit (default "segment"), min_overlap (default "50%"), uncoded (default "empty") and field
---   (default "coding.applied") as stats.agreement takes them; coders: which to compare; where: filters
---   on the codings; title: the Markdown heading; write: a base name, to write NAME.md (the
---   report) and NAME.csv (every statistic) to the output folder
--- @return {coders: string[], overall: table, codes: table[], pairs: table[]} summary
---   overall: one entry per measure (alpha_nominal, alpha_masi, alpha_jaccard, fleiss_kappa,
---   percent_agreement, any_code_in_common), each {value, reason, units, dropped}; codes: per
---   code {code, alpha, percent_agreement}; pairs: per pair {pair, kappa, percent_agreement,
---   any_code_in_common}, entries shaped as in overall
--- @return Agreement agreement  the full result of stats.agreement
--- @return string markdown  the report as Markdown
--- @usage local summary, _, text = require("peer.agreement").report{ write = "agreement" }; print(text)
function M.report(opts)
  local o = options.check(opts, {
    unit = { type = "string", default = "segment", one_of = { "segment", "document" } },
    min_overlap = { type = "number|string", default = "50%" },
    uncoded = { type = "string", default = "empty", one_of = { "empty", "missing" } },
    field = { type = "string", default = "coding.applied" },
    coders = { type = "table" },
    where = { type = "table" },
    title = { type = "string", default = "Inter-coder agreement" },
    write = { type = "string" },
  }, "report")
  local agreement = stats.agreement(corpus.codings():where(options.filter(o.where)), {
    unit = o.unit, min_overlap = o.unit == "segment" and o.min_overlap or nil, uncoded = o.uncoded,
    field = o.field, coders = o.coders,
  })
  local summary = {
    coders = agreement.coders,
    overall = overall_record(agreement),
    codes = code_records(agreement),
    pairs = pair_records(agreement),
  }
  local text = markdown(o.title, o, summary)
  if o.write then
    peerscript.write(o.write .. ".md", text)
    agreement:write(o.write .. ".csv")
  end
  return summary, agreement, text
end

return M
