--- Co-occurrence of codes and techniques: which codes, which techniques, and which codes with
--- which techniques are applied to the same stretch of text (or the same interview).
local options = require "peer.options"

local M = {}

local WITHIN = { "segment", "document" }

--- Pairs of codebook codes applied to the same segment (or document): a square table whose
--- diagonal counts where each code occurs at all.
---
--- @param opts? {codebook?: string, within?: "segment"|"document", overlap?: boolean, where?: table}
---   codebook: only this codebook's codes (default all); within: default "segment"; overlap:
---   count overlapping segments as one stretch of text; where: more filters
--- @return Table together  codes × codes
--- @usage print(require("peer.cooccurrence").codes{ codebook = "change-model", overlap = true })
function M.codes(opts)
  local o = options.check(opts, {
    codebook = { type = "string" },
    within = { type = "string", default = "segment", one_of = WITHIN },
    overlap = { type = "boolean", default = false },
    where = { type = "table" },
  }, "codes")
  local query = corpus.codings():where(options.filter(o.where, o.codebook and { ["code.codebook"] = o.codebook }))
  return query:cooccurrence("code.id", { within = o.within, overlap = o.overlap })
end

--- Pairs of techniques coded on the same segment (or document): a square table whose diagonal
--- counts where each technique occurs at all.
---
--- @param opts? {framework?: string, within?: "segment"|"document", overlap?: boolean, where?: table}
---   framework: default "bcttv1" ("all" for every framework); the rest as for codes
--- @return Table together  techniques × techniques
--- @usage print(require("peer.cooccurrence").bcts{ framework = "relational", within = "document" })
function M.bcts(opts)
  local o = options.check(opts, {
    framework = { type = "string", default = "bcttv1" },
    within = { type = "string", default = "segment", one_of = WITHIN },
    overlap = { type = "boolean", default = false },
    where = { type = "table" },
  }, "bcts")
  local extra = o.framework ~= "all" and { framework = o.framework } or nil
  return corpus.codings():where(options.filter(o.where, extra)):cooccurrence("bct.id", { within = o.within, overlap = o.overlap })
end

--- Codes that appear with techniques coded separately on the same segment (or document): for
--- each code and technique, the number of segments where one coding applies the code and
--- a coding of another code (or a direct technique coding) shows the technique. Techniques the
--- code is itself mapped to are left out, so the pairs say something the codebook does not
--- already say.
---
--- @param opts? {framework?: string, codebook?: string, within?: "segment"|"document", top?: integer, where?: table}
---   framework: the techniques' framework (default "bcttv1", or "all"); codebook: only its
---   codes; top: keep the most frequent pairs only
--- @return {code: string, code_label: string, bct: string, bct_label: string, count: integer}[] pairs
---   most frequent first, then by code and technique
--- @usage print(Table.from(require("peer.cooccurrence").codes_with_bcts{ top = 10 }, { columns = { "code", "bct", "count" } }))
function M.codes_with_bcts(opts)
  local o = options.check(opts, {
    framework = { type = "string", default = "bcttv1" },
    codebook = { type = "string" },
    within = { type = "string", default = "segment", one_of = WITHIN },
    top = { type = "number" },
    where = { type = "table" },
  }, "codes_with_bcts")
  local context_field = o.within == "segment" and "segment.id" or "document.id"
  local in_framework = {}
  local function counts_technique(id)
    if in_framework[id] == nil then
      in_framework[id] = o.framework == "all" or taxonomy.get(id).framework == o.framework
    end
    return in_framework[id]
  end
  -- Per context: the codes and techniques of each coding, kept apart by coding.
  local contexts, labels = {}, {}
  for row in corpus.codings():where(options.filter(o.where)):rows() do
    local key = row[context_field]
    local context = contexts[key]
    if not context then
      context = {}
      contexts[key] = context
    end
    local code = row["code.id"]
    if code and (o.codebook == nil or row["code.codebook"] == o.codebook) then
      labels[code] = row["code.label"]
    else
      code = nil
    end
    local techniques = {}
    for _, id in ipairs(row:values("bct.id")) do
      if counts_technique(id) then techniques[#techniques + 1] = id end
    end
    context[#context + 1] = { code = code, techniques = techniques }
  end
  local pairs_count = {}
  for _, context in pairs(contexts) do
    local seen = {}
    for _, coding in ipairs(context) do
      if coding.code then
        local own = {}
        for _, id in ipairs(coding.techniques) do own[id] = true end
        for _, other in ipairs(context) do
          -- Another coder's coding of the same code repeats the code's mapping: skip it too.
          if other.code ~= coding.code then
            for _, id in ipairs(other.techniques) do
              local pair = coding.code .. "\0" .. id
              if not own[id] and not seen[pair] then
                seen[pair] = true
                pairs_count[pair] = (pairs_count[pair] or 0) + 1
              end
            end
          end
        end
      end
    end
  end
  local result = {}
  for pair, count in pairs(pairs_count) do
    local code, id = pair:match("^(.-)%z(.*)$")
    result[#result + 1] = { code = code, code_label = labels[code], bct = id, bct_label = taxonomy.get(id).label, count = count }
  end
  table.sort(result, function(a, b)
    if a.count ~= b.count then return a.count > b.count end
    if a.code ~= b.code then return a.code < b.code end
    return a.bct < b.bct
  end)
  if o.top then
    for i = #result, math.floor(o.top) + 1, -1 do result[i] = nil end
  end
  return result
end

return M
