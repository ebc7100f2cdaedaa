#include "ps_xml.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/SAX2.h>
#include <libxml/entities.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>

/* libxml2's functions, looked up once. __typeof__ gives each pointer the real prototype, so the
   compiler checks every call against libxml2's own header. */
#define PS_XML_FUNCTIONS(X) \
    X(xmlInitParser) X(xmlSAXVersion) X(xmlCreatePushParserCtxt) X(xmlCtxtUseOptions) \
    X(xmlParseChunk) X(xmlStopParser) X(xmlFreeParserCtxt) X(xmlFreeDoc) \
    X(xmlSAX2GetLineNumber) X(xmlSAX2GetColumnNumber) X(xmlSetExternalEntityLoader) \
    X(xmlSetStructuredErrorFunc) X(xmlGetPredefinedEntity) X(xmlGetDocEntity) X(xmlGetParameterEntity)

static struct {
#define PS_XML_POINTER(name) __typeof__(&name) name;
    PS_XML_FUNCTIONS(PS_XML_POINTER)
#undef PS_XML_POINTER
} xml;

static pthread_once_t open_once = PTHREAD_ONCE_INIT;
static int opened;
static char open_failure[512];

static void open_library(void) {
    void *library = dlopen("libxml2.so.2", RTLD_NOW | RTLD_LOCAL);
    if (!library) {
        const char *reason = dlerror();
        strncpy(open_failure, reason ? reason : "libxml2.so.2: not found", sizeof open_failure - 1);
        return;
    }
#define PS_XML_LOOKUP(name) \
    xml.name = (__typeof__(&name))dlsym(library, #name); \
    if (!xml.name) { strncpy(open_failure, "libxml2.so.2 has no " #name, sizeof open_failure - 1); return; }
    PS_XML_FUNCTIONS(PS_XML_LOOKUP)
#undef PS_XML_LOOKUP
    xml.xmlInitParser();
    opened = 1;
}

int ps_xml_available(void) {
    pthread_once(&open_once, open_library);
    return opened;
}

const char *ps_xml_unavailable_reason(void) {
    return ps_xml_available() ? NULL : open_failure;
}

/* One parse in progress on this thread. Entity text is parsed through contexts libxml2 makes
   for it, so the callbacks find the parse here rather than through their context argument. */
typedef struct parse_state {
    const ps_xml_callbacks *callbacks;
    xmlParserCtxtPtr context;
    ps_xml_attribute *attributes;
    int capacity;
    int stopped;
    int refused;
    int out_of_memory;
    int error;
    int error_line;
    int error_column;
} parse_state;

static _Thread_local parse_state *current;

/* Stops the document's parser; an entity's text still being parsed reports nothing more. */
static void stop(parse_state *state) {
    state->stopped = 1;
    xml.xmlStopParser(state->context);
}

static int reserve_attributes(parse_state *state, int count) {
    if (count <= state->capacity) return 1;
    ps_xml_attribute *grown = realloc(state->attributes, (size_t)count * sizeof *grown);
    if (!grown) return 0;
    state->attributes = grown;
    state->capacity = count;
    return 1;
}

/* libxml2 hands attributes as five pointers each: local name, prefix, URI, value, value end. */
static void start_element(void *context, const xmlChar *name, const xmlChar *prefix, const xmlChar *uri,
                          int namespace_count, const xmlChar **namespaces, int count, int defaulted,
                          const xmlChar **attributes) {
    (void)context; (void)prefix; (void)uri; (void)namespace_count; (void)namespaces; (void)defaulted;
    parse_state *state = current;
    if (!state || state->stopped) return;
    if (!reserve_attributes(state, count)) {
        state->out_of_memory = 1;
        stop(state);
        return;
    }
    int kept = 0;
    for (int index = 0; index < count; index++) {
        const xmlChar **attribute = attributes + 5 * index;
        if (!attribute[0] || !attribute[3] || !attribute[4]) continue;
        state->attributes[kept].name = (const char *)attribute[0];
        state->attributes[kept].value = (const char *)attribute[3];
        state->attributes[kept].value_length = (size_t)(attribute[4] - attribute[3]);
        kept++;
    }
    int line = xml.xmlSAX2GetLineNumber(state->context);
    if (state->callbacks->start_element(state->callbacks->context, (const char *)name, line,
                                        state->attributes, kept) != 0) stop(state);
}

static void end_element(void *context, const xmlChar *name, const xmlChar *prefix, const xmlChar *uri) {
    (void)context; (void)name; (void)prefix; (void)uri;
    parse_state *state = current;
    if (!state || state->stopped) return;
    if (state->callbacks->end_element(state->callbacks->context) != 0) stop(state);
}

static void characters(void *context, const xmlChar *bytes, int length) {
    (void)context;
    parse_state *state = current;
    if (!state || state->stopped || length <= 0) return;
    if (state->callbacks->characters(state->callbacks->context, (const char *)bytes, (size_t)length) != 0)
        stop(state);
}

/* Every error and warning is kept, the last one winning, as the reader always reported it. */
static void record_error(void *context, xmlErrorPtr error) {
    (void)context;
    if (!current || !error) return;
    current->error = error->code;
    current->error_line = error->line;
    current->error_column = error->int2;
}

/* Files are hostile: no external entity or DTD is ever read, from disk or network. */
static xmlParserInputPtr refuse_external(const char *url, const char *id, xmlParserCtxtPtr context) {
    (void)url; (void)id; (void)context;
    if (current) current->refused = 1;
    return NULL;
}

static xmlParserInputPtr refuse_entity(void *context, const xmlChar *public_id, const xmlChar *system_id) {
    (void)context; (void)public_id; (void)system_id;
    if (current) current->refused = 1;
    return NULL;
}

/* Only internal entities resolve: an external one is refused before libxml2 could load it, so
   the refusing loader above is a second line, not the only one. Marking the document not well
   formed also keeps libxml2 from looking the entity up again itself, which would load it. */
static xmlEntityPtr internal_only(xmlParserCtxtPtr parser, xmlEntityPtr entity) {
    if (!entity || entity->etype == XML_INTERNAL_GENERAL_ENTITY || entity->etype == XML_INTERNAL_PREDEFINED_ENTITY
        || entity->etype == XML_INTERNAL_PARAMETER_ENTITY) return entity;
    parser->wellFormed = 0;
    if (current) {
        current->refused = 1;
        current->context->wellFormed = 0;
    }
    return NULL;
}

static xmlEntityPtr get_entity(void *context, const xmlChar *name) {
    xmlParserCtxtPtr parser = (xmlParserCtxtPtr)context;
    xmlEntityPtr entity = parser->inSubset == 0 ? xml.xmlGetPredefinedEntity(name) : NULL;
    return internal_only(parser, entity ? entity : xml.xmlGetDocEntity(parser->myDoc, name));
}

static xmlEntityPtr get_parameter_entity(void *context, const xmlChar *name) {
    xmlParserCtxtPtr parser = (xmlParserCtxtPtr)context;
    return internal_only(parser, xml.xmlGetParameterEntity(parser->myDoc, name));
}

/* SAX2's own handlers keep internal entities and the internal subset working; element, text
   and error events come here; comments and processing instructions are dropped. */
static void make_handler(xmlSAXHandler *handler) {
    xml.xmlSAXVersion(handler, 2);
    handler->startElementNs = start_element;
    handler->endElementNs = end_element;
    handler->characters = characters;
    handler->ignorableWhitespace = characters;
    handler->cdataBlock = characters;
    handler->serror = record_error;
    handler->resolveEntity = refuse_entity;
    handler->getEntity = get_entity;
    handler->getParameterEntity = get_parameter_entity;
    handler->comment = NULL;
    handler->processingInstruction = NULL;
    handler->warning = NULL;
    handler->error = NULL;
    handler->fatalError = NULL;
}

/* The chunk size libxml2 is fed in: one buffer of over about 10 MB makes it fail. */
enum { chunk_size = 4096 * 32 };

/* Feeds the bytes after the first four, stopping after the first chunk that reports an error,
   and ends with a terminating chunk when none did. */
static int feed(parse_state *state, const char *bytes, size_t length) {
    size_t offset = 4, end = length < chunk_size ? length : chunk_size;
    for (;;) {
        int result = xml.xmlParseChunk(state->context, bytes + offset, (int)(end - offset), 0);
        if (result != 0 || state->stopped) return result;
        if (end == length) break;
        offset = end;
        end = length - offset < chunk_size ? length : offset + chunk_size;
    }
    int result = xml.xmlParseChunk(state->context, NULL, 0, 1);
    return result == XML_ERR_DOCUMENT_END ? 0 : result;
}

static int finish(ps_xml_outcome *outcome, int code) {
    outcome->code = code;
    return code;
}

int ps_xml_parse(const char *bytes, size_t length, const ps_xml_callbacks *callbacks,
                 ps_xml_outcome *outcome) {
    memset(outcome, 0, sizeof *outcome);
    if (!ps_xml_available()) return finish(outcome, PS_XML_UNAVAILABLE);
    if (length < 4) return finish(outcome, PS_XML_TOO_SHORT);
    xmlSAXHandler handler;
    make_handler(&handler);
    parse_state state = { .callbacks = callbacks };
    parse_state *outer = current;
    current = &state;
    xml.xmlSetExternalEntityLoader(refuse_external);
    xml.xmlSetStructuredErrorFunc(NULL, record_error);
    state.context = xml.xmlCreatePushParserCtxt(&handler, NULL, bytes, 4, NULL);
    int result = XML_ERR_NO_MEMORY;
    if (state.context) {
        xml.xmlCtxtUseOptions(state.context, XML_PARSE_RECOVER | XML_PARSE_NOENT | XML_PARSE_NONET);
        result = feed(&state, bytes, length);
        outcome->line = xml.xmlSAX2GetLineNumber(state.context);
        outcome->column = xml.xmlSAX2GetColumnNumber(state.context);
        /* The parser's position is the end of the chunk it stopped in; the error's own is exact. */
        if (state.error != 0 && state.error_line > 0) {
            outcome->line = state.error_line;
            outcome->column = state.error_column;
        }
        if (state.context->myDoc) xml.xmlFreeDoc(state.context->myDoc);
        xml.xmlFreeParserCtxt(state.context);
    }
    xml.xmlSetStructuredErrorFunc(NULL, NULL);
    current = outer;
    free(state.attributes);
    outcome->stopped = state.stopped;
    if (state.refused) return finish(outcome, PS_XML_EXTERNAL_REFUSED);
    if (state.out_of_memory) return finish(outcome, XML_ERR_NO_MEMORY);
    if (state.stopped) return finish(outcome, 0);
    return finish(outcome, state.error != 0 ? state.error : result);
}
