-- Which words does each role use, and which are key to peer workers compared with everyone
-- else? Word frequencies over the transcripts, without English stop words.
--
--   peerscript run Examples/word_frequencies_by_role.lua [ROLE]   (default PW)

local role = arg[1] or "PW"
-- Each demo transcript opens with a line saying it is synthetic; leave its words out too.
local skip = { "synthetic", "transcript", "generated", "peerscript", "demonstration" }

print("Top words overall:")
print(corpus.words{ top = 10, min_length = 3, exclude = skip })
print()

print("Top stems by role:")
print(corpus.words{ by = "participant.role", stem = true, top = 8, min_length = 3, exclude = skip })
print()

print(("Key words for %s against the other roles (log-likelihood):"):format(role))
local key = corpus.words{ by = "participant.role", keyness = role, top = 8, min_length = 3, exclude = skip }
print(key)

key:write("keywords_" .. role .. ".csv")
corpus.words{ top = 12, min_length = 3, exclude = skip }:plot{ kind = "bar", title = "Most frequent words" }:write("top_words.svg")
