#ifndef CTEXTINDEX_H
#define CTEXTINDEX_H

#include <stddef.h>

/// Registers the FTS5 auxiliary function `peerscript_hits(table)` on an open SQLite connection
/// (passed as `sqlite3 *`). Called in a full-text query, it returns the hits of the current row
/// as text: one `start end` pair of UTF-8 byte offsets per phrase match, separated by `;`, the
/// end exclusive, found by re-running the table's own tokenizer over the matched column.
/// Also registers `peerscript_hit_count(table)`: the number of those matches, found without
/// reading the text. Returns an SQLite result code (0 on success).
int peerscript_register_hits(void *connection);

/// Receives one token: the folded (and, for porter, stemmed) term, and its byte range.
typedef void (*peerscript_token_sink)(void *context, const char *term, int termLength, int start, int end);

/// Runs the FTS5 tokenizer named by `arguments` (e.g. "porter unicode61 remove_diacritics 2",
/// words separated by single spaces, at most 8) over `text`, calling `sink` once per token.
/// Returns an SQLite result code (0 on success).
int peerscript_tokenize(void *connection, const char *arguments, const char *text, int length,
                        peerscript_token_sink sink, void *context);

#endif
