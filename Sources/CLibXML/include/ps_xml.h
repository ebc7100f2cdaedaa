#ifndef PEERSCRIPT_PS_XML_H
#define PEERSCRIPT_PS_XML_H

#include <stddef.h>

/* A small SAX-style XML reader over libxml2, which is opened on first use rather than linked:
   only REFI-QDA imports read XML, and linking libxml2 (with ICU and liblzma behind it) made
   every start of every command map those libraries. No libxml2 type appears here. */

/* The library (libxml2.so.2) could not be opened or lacks a function the reader needs. */
#define PS_XML_UNAVAILABLE (-1)
/* The document asked for an external entity or DTD, which is never read. */
#define PS_XML_EXTERNAL_REFUSED (-2)
/* Fewer than the four bytes libxml2 needs to start a parse: no document at all. */
#define PS_XML_TOO_SHORT (-3)

/* One attribute of a start tag: its local name (NUL-terminated) and its value (not terminated),
   both UTF-8 and valid only during the callback. */
typedef struct ps_xml_attribute {
    const char *name;
    const char *value;
    size_t value_length;
} ps_xml_attribute;

/* What a parse reports, each with the caller's context. A callback returns 0 to go on and
   anything else to stop the parse there; nothing is reported after a stop. */
typedef struct ps_xml_callbacks {
    void *context;
    /* An element starts: its local name, the line the parser is on, and its attributes. */
    int (*start_element)(void *context, const char *name, int line,
                         const ps_xml_attribute *attributes, int count);
    /* The element started last ends. */
    int (*end_element)(void *context);
    /* Character data, CDATA sections and whitespace alike, in document order. */
    int (*characters)(void *context, const char *bytes, size_t length);
} ps_xml_callbacks;

/* Where a parse ended and why. `code` is 0, libxml2's error code (the last error or warning
   it reported), or one of the PS_XML_ codes above; `line` and `column` are the parser's
   position when it stopped (0 when it never started). `stopped` is 1 when a callback stopped it. */
typedef struct ps_xml_outcome {
    int code;
    int line;
    int column;
    int stopped;
} ps_xml_outcome;

/* 1 when libxml2 is available (opening it on the first call), 0 otherwise. */
int ps_xml_available(void);

/* Why libxml2 could not be opened (the loader's message), or NULL when it was. */
const char *ps_xml_unavailable_reason(void);

/* Parses `length` bytes, reporting through `callbacks`. Returns `outcome->code`. */
int ps_xml_parse(const char *bytes, size_t length, const ps_xml_callbacks *callbacks,
                 ps_xml_outcome *outcome);

#endif
