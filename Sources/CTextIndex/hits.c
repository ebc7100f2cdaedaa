// The FTS5 pieces SQLite offers only to C: an auxiliary function that reports where each
// phrase of a query matched, in bytes, and direct access to a named tokenizer.
#include "CTextIndex.h"
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// fts5_api is reached through `SELECT fts5(?1)` with a bound pointer, as the FTS5 docs describe.
static fts5_api *fts5_api_of(sqlite3 *db) {
    fts5_api *api = NULL;
    sqlite3_stmt *statement = NULL;
    if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &statement, NULL) != SQLITE_OK) return NULL;
    sqlite3_bind_pointer(statement, 1, (void *)&api, "fts5_api_ptr", NULL);
    sqlite3_step(statement);
    sqlite3_finalize(statement);
    return api;
}

// Wanted token positions for one column, and their byte ranges once the tokenizer has run.
typedef struct {
    int count;
    int *position;  // token index wanted, ascending
    int *start;
    int *end;
    int nextToken;  // index of the token the tokenizer reports next
    int cursor;     // first wanted entry not yet reached
} Wanted;

static int collect(void *context, int flags, const char *token, int length, int start, int end) {
    (void)token; (void)length;
    Wanted *wanted = context;
    // A colocated token (a synonym) shares the previous token's position.
    if (flags & FTS5_TOKEN_COLOCATED) return SQLITE_OK;
    int position = wanted->nextToken++;
    while (wanted->cursor < wanted->count && wanted->position[wanted->cursor] == position) {
        wanted->start[wanted->cursor] = start;
        wanted->end[wanted->cursor] = end;
        wanted->cursor++;
    }
    return SQLITE_OK;
}

typedef struct { int first; int last; int index; } Instance;

static int by_first(const void *a, const void *b) {
    const Instance *x = a, *y = b;
    if (x->first != y->first) return x->first < y->first ? -1 : 1;
    return x->last < y->last ? -1 : (x->last > y->last);
}
static int by_int(const void *a, const void *b) {
    int x = *(const int *)a, y = *(const int *)b;
    return x < y ? -1 : (x > y);
}

static void hits_function(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *result,
                          int argumentCount, sqlite3_value **arguments) {
    (void)argumentCount; (void)arguments;
    int count = 0;
    if (api->xInstCount(fts, &count) != SQLITE_OK) { sqlite3_result_error(result, "peerscript_hits: no instances", -1); return; }
    if (count == 0) { sqlite3_result_text(result, "", 0, SQLITE_STATIC); return; }
    Instance *instances = calloc((size_t)count, sizeof(Instance));
    int *positions = calloc((size_t)count * 2, sizeof(int));
    int *starts = calloc((size_t)count * 2, sizeof(int));
    int *ends = calloc((size_t)count * 2, sizeof(int));
    char *text = NULL;
    if (!instances || !positions || !starts || !ends) goto nomem;
    int column = 0;
    for (int i = 0; i < count; i++) {
        int phrase = 0, offset = 0;
        if (api->xInst(fts, i, &phrase, &column, &offset) != SQLITE_OK) goto failed;
        int size = api->xPhraseSize(fts, phrase);
        instances[i].first = offset;
        instances[i].last = offset + (size > 0 ? size - 1 : 0);
        positions[2 * i] = instances[i].first;
        positions[2 * i + 1] = instances[i].last;
    }
    // The index has one column, so every instance is in column 0.
    int wantedCount = count * 2;
    qsort(positions, (size_t)wantedCount, sizeof(int), by_int);
    Wanted wanted = { wantedCount, positions, starts, ends, 0, 0 };
    const char *columnText = NULL;
    int columnLength = 0;
    if (api->xColumnText(fts, column, &columnText, &columnLength) != SQLITE_OK) goto failed;
    if (api->xTokenize(fts, columnText, columnLength, &wanted, collect) != SQLITE_OK) goto failed;
    qsort(instances, (size_t)count, sizeof(Instance), by_first);
    text = malloc((size_t)count * 24 + 1);
    if (!text) goto nomem;
    size_t used = 0;
    for (int i = 0; i < count; i++) {
        // Binary search the sorted positions for this instance's first and last token.
        int *first = bsearch(&instances[i].first, positions, (size_t)wantedCount, sizeof(int), by_int);
        int *last = bsearch(&instances[i].last, positions, (size_t)wantedCount, sizeof(int), by_int);
        if (!first || !last) continue;
        int start = starts[first - positions], end = ends[last - positions];
        used += (size_t)snprintf(text + used, 24, "%s%d %d", i ? ";" : "", start, end);
    }
    sqlite3_result_text(result, text, (int)used, free);
    text = NULL;
    goto done;
nomem:
    sqlite3_result_error_nomem(result);
    goto done;
failed:
    sqlite3_result_error(result, "peerscript_hits: could not read the matched text", -1);
done:
    free(instances); free(positions); free(starts); free(ends); free(text);
}

// The number of phrase matches in the current row, without reading its text.
static void hit_count_function(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *result,
                               int argumentCount, sqlite3_value **arguments) {
    (void)argumentCount; (void)arguments;
    int count = 0;
    if (api->xInstCount(fts, &count) != SQLITE_OK) { sqlite3_result_error(result, "peerscript_hit_count: no instances", -1); return; }
    sqlite3_result_int(result, count);
}

int peerscript_register_hits(void *connection) {
    fts5_api *api = fts5_api_of(connection);
    if (!api) return SQLITE_ERROR;
    int rc = api->xCreateFunction(api, "peerscript_hits", NULL, hits_function, NULL);
    if (rc != SQLITE_OK) return rc;
    return api->xCreateFunction(api, "peerscript_hit_count", NULL, hit_count_function, NULL);
}

typedef struct { peerscript_token_sink sink; void *context; } Forward;

static int forward(void *context, int flags, const char *token, int length, int start, int end) {
    Forward *f = context;
    if (!(flags & FTS5_TOKEN_COLOCATED)) f->sink(f->context, token, length, start, end);
    return SQLITE_OK;
}

int peerscript_tokenize(void *connection, const char *arguments, const char *text, int length,
                        peerscript_token_sink sink, void *context) {
    fts5_api *api = fts5_api_of(connection);
    if (!api) return SQLITE_ERROR;
    char copy[256];
    size_t size = strlen(arguments);
    if (size >= sizeof copy) return SQLITE_TOOBIG;
    memcpy(copy, arguments, size + 1);
    const char *words[8];
    int wordCount = 0;
    for (char *word = strtok(copy, " "); word && wordCount < 8; word = strtok(NULL, " ")) words[wordCount++] = word;
    if (wordCount == 0) return SQLITE_ERROR;
    void *userData = NULL;
    fts5_tokenizer tokenizer;
    int rc = api->xFindTokenizer(api, words[0], &userData, &tokenizer);
    if (rc != SQLITE_OK) return rc;
    Fts5Tokenizer *instance = NULL;
    rc = tokenizer.xCreate(userData, words + 1, wordCount - 1, &instance);
    if (rc != SQLITE_OK) return rc;
    Forward f = { sink, context };
    rc = tokenizer.xTokenize(instance, &f, FTS5_TOKENIZE_DOCUMENT, text, length, forward);
    tokenizer.xDelete(instance);
    return rc;
}
