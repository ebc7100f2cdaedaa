--- Quote sheets: the text coded with a code (or a technique), grouped by participant role, as
--- Markdown ready to share with the team.
local options = require "peer.options"

local M = {}

-- What the quote sheet is about: a codebook code or a technique, its title and its filter.
local function subject(id)
  if type(id) ~= "string" or id == "" then
    error("sheet: give a code id (such as \"cm.rolemodel.hope\") or a technique number (such as \"6.2\")", 3)
  end
  local is_bct, bct = pcall(taxonomy.get, id)
  if is_bct then
    return { title = tostring(bct), detail = "Technique group " .. bct.group .. ": " .. taxonomy.group(bct.group).label,
             filter = { ["bct.id"] = bct.id } }
  end
  local is_code, code = pcall(codebook.get, id)
  if is_code then
    return { title = code.id .. " " .. code.label, detail = "Codebook " .. code.codebook .. ": " .. code.path,
             filter = { ["code.id"] = code.id } }
  end
  error(("sheet: '%s' is neither a technique number nor a code id (%s)"):format(id, tostring(code)), 3)
end

-- Participant id → value of `field`, for grouping quotes (quotes carry the participant only).
local function participant_values(field)
  local values = {}
  for row in corpus.participants():rows() do values[row.id] = row[field] end
  return values
end

local function one_line(text)
  return (text:gsub("%s+", " "))
end

--- A quote sheet in Markdown for a code or a technique: a heading, how many segments and
--- participants, then the coded text with context, grouped by role (or another participant
--- field) and in document order within each group.
---
--- @param id string  a codebook code id ("cm.rolemodel.hope") or a technique number ("6.2")
--- @param opts? {context?: integer, by?: string|false, limit?: integer, write?: string, where?: table}
---   context: characters shown on each side (default 60); by: the participant field to group
---   by (default "participant.role"; false for one list); limit: quotes per group; write: also
---   write the sheet to this file in the output folder; where: more filters
--- @return string markdown  the sheet
--- @return integer count  the coded segments found
--- @usage local sheet = require("peer.quotes").sheet("cm.rolemodel.hope", { limit = 3 }); print(sheet)
function M.sheet(id, opts)
  local s = subject(id)
  local grouped = not (type(opts) == "table" and opts.by == false)
  if not grouped then
    -- by = false asks for one list; the checker knows `by` only as a field name.
    local rest = {}
    for name, value in pairs(opts) do if name ~= "by" then rest[name] = value end end
    opts = rest
  end
  local o = options.check(opts, {
    context = { type = "number", default = 60 },
    by = { type = "string", default = "participant.role" },
    limit = { type = "number" },
    write = { type = "string" },
    where = { type = "table" },
  }, "sheet")
  if not grouped then o.by = nil end
  local quotes = corpus.codings():where(options.filter(o.where, s.filter)):quotes{ context = math.floor(o.context) }
  local groups, order, people = {}, {}, {}
  local group_of = o.by and participant_values(o.by) or {}
  for _, quote in ipairs(quotes) do
    local group = o.by and (group_of[quote.participant] or "(no " .. o.by .. ")") or "all"
    if not groups[group] then
      groups[group] = {}
      order[#order + 1] = group
    end
    table.insert(groups[group], quote)
    if quote.participant then people[quote.participant] = true end
  end
  table.sort(order)
  local participants = 0
  for _ in pairs(people) do participants = participants + 1 end

  local lines = { "# Quotes: " .. s.title, "", s.detail, "",
    ("%d coded segment%s from %d participant%s."):format(#quotes, #quotes == 1 and "" or "s",
      participants, participants == 1 and "" or "s") }
  for _, group in ipairs(order) do
    local items = groups[group]
    lines[#lines + 1] = ""
    if o.by then lines[#lines + 1] = ("## %s (%d)"):format(group, #items) lines[#lines + 1] = "" end
    for i, quote in ipairs(items) do
      if o.limit and i > o.limit then
        lines[#lines + 1] = ("(%d more)"):format(#items - o.limit)
        break
      end
      local before = quote.before ~= "" and "…" .. one_line(quote.before) or ""
      local after = quote.after ~= "" and one_line(quote.after) .. "…" or ""
      lines[#lines + 1] = ("> %s**%s**%s"):format(before, one_line(quote.text), after)
      lines[#lines + 1] = ("> — %s, %s, characters %d–%d"):format(quote.participant or "unknown participant",
        quote.document, quote.start, quote["end"])
      lines[#lines + 1] = ""
    end
    if lines[#lines] == "" then lines[#lines] = nil end
  end
  local markdown = table.concat(lines, "\n") .. "\n"
  if o.write then peerscript.write(o.write, markdown) end
  return markdown, #quotes
end

return M
