/*
 * libedit (BSD editline) as Swift can import it.
 *
 * The library is opened on first use rather than linked: only the REPL edits lines, and
 * loading libedit with the libraries it needs in turn at every start cost `peerscript run`
 * a share of its start-up. Each wrapper looks its function up once, prefixed `ps_`; without
 * the library `ps_el_init_standard` returns NULL and the REPL reads plain lines.
 *
 * `el_set`, `el_get` and `history` are variadic, which Swift cannot call, so each use the REPL
 * makes of them is wrapped as a fixed-argument inline function.
 */
#ifndef PEERSCRIPT_CEDITLINE_SHIM_H
#define PEERSCRIPT_CEDITLINE_SHIM_H

#include <histedit.h>
#include <dlfcn.h>
#include <stddef.h>
#include <stdio.h>

static inline void *ps_edit_symbol(const char *name) {
    static void *library;
    if (!library) library = dlopen("libedit.so.2", RTLD_NOW | RTLD_LOCAL);
    return library ? dlsym(library, name) : NULL;
}

/* `variable`: the address of libedit's `name`, looked up once; NULL without the library. */
#define PS_EDIT_FUNCTION_AS(name, variable) \
    static __typeof__(&name) variable; \
    if (!variable) variable = (__typeof__(&name))ps_edit_symbol(#name)
#define PS_EDIT_FUNCTION(name) PS_EDIT_FUNCTION_AS(name, function)

/* Whether libedit could be opened. */
static inline int ps_edit_available(void) { return ps_edit_symbol("el_init") != NULL; }

static inline History *ps_history_init(void) {
    PS_EDIT_FUNCTION(history_init);
    return function ? function() : NULL;
}
static inline void ps_history_end(History *h) {
    PS_EDIT_FUNCTION(history_end);
    if (function) function(h);
}
static inline void ps_el_end(EditLine *el) {
    PS_EDIT_FUNCTION(el_end);
    if (function) function(el);
}
static inline const char *ps_el_gets(EditLine *el, int *count) {
    PS_EDIT_FUNCTION(el_gets);
    if (!function) { *count = 0; return NULL; }
    return function(el, count);
}
static inline const LineInfo *ps_el_line(EditLine *el) {
    PS_EDIT_FUNCTION(el_line);
    return function ? function(el) : NULL;
}
static inline int ps_el_cursor(EditLine *el, int count) {
    PS_EDIT_FUNCTION(el_cursor);
    return function ? function(el, count) : -1;
}
static inline int ps_el_insertstr(EditLine *el, const char *text) {
    PS_EDIT_FUNCTION(el_insertstr);
    return function ? function(el, text) : -1;
}
static inline void ps_el_push(EditLine *el, const char *text) {
    PS_EDIT_FUNCTION(el_push);
    if (function) function(el, text);
}
static inline int ps_el_set_int(EditLine *el, int op, int value) {
    PS_EDIT_FUNCTION(el_set);
    return function ? function(el, op, value) : -1;
}
static inline int ps_el_set_pointer(EditLine *el, int op, const void *value) {
    PS_EDIT_FUNCTION(el_set);
    return function ? function(el, op, value) : -1;
}

/* A prompt callback: returns the prompt text for the editor it is given. */
typedef char *(*ps_el_prompt_fn)(EditLine *);
/* An editor command bound to a key: returns one of the CC_* codes. */
typedef unsigned char (*ps_el_command_fn)(EditLine *, int);

/* An editor on the process's standard streams (which Swift 6 cannot name as globals). */
static inline EditLine *ps_el_init_standard(const char *program) {
    PS_EDIT_FUNCTION(el_init);
    return function ? function(program, stdin, stdout, stderr) : NULL;
}
static inline int ps_el_set_prompt(EditLine *el, ps_el_prompt_fn prompt) {
    PS_EDIT_FUNCTION(el_set);
    return function ? function(el, EL_PROMPT, prompt) : -1;
}
static inline int ps_el_set_editor(EditLine *el, const char *mode) {
    return ps_el_set_pointer(el, EL_EDITOR, mode);
}
static inline int ps_el_set_signal(EditLine *el, int flag) { return ps_el_set_int(el, EL_SIGNAL, flag); }
/* Turns one terminal mode off while editing, as `setty -d -MODE` does (e.g. "isig"). */
static inline int ps_el_disable_tty_mode(EditLine *el, const char *negated_mode) {
    PS_EDIT_FUNCTION(el_set);
    return function ? function(el, EL_SETTY, "-d", negated_mode, NULL) : -1;
}
static inline int ps_el_add_command(EditLine *el, const char *name, const char *help,
                                    ps_el_command_fn command) {
    PS_EDIT_FUNCTION(el_set);
    return function ? function(el, EL_ADDFN, name, help, command) : -1;
}
static inline int ps_el_bind(EditLine *el, const char *key, const char *command) {
    PS_EDIT_FUNCTION(el_set);
    return function ? function(el, EL_BIND, key, command, NULL) : -1;
}
static inline int ps_el_set_client_data(EditLine *el, void *data) {
    return ps_el_set_pointer(el, EL_CLIENTDATA, data);
}
static inline void *ps_el_client_data(EditLine *el) {
    PS_EDIT_FUNCTION(el_get);
    void *data = NULL;
    if (function) function(el, EL_CLIENTDATA, &data);
    return data;
}
static inline int ps_el_set_history(EditLine *el, History *history_list) {
    PS_EDIT_FUNCTION(el_set);
    PS_EDIT_FUNCTION_AS(history, history_function);
    return function && history_function ? function(el, EL_HIST, history_function, history_list) : -1;
}

/* `history` with one int or one string argument after the operation. */
static inline int ps_history_int(History *h, int op, int value) {
    PS_EDIT_FUNCTION(history);
    HistEvent event;
    return function ? function(h, &event, op, value) : -1;
}
static inline int ps_history_string(History *h, int op, const char *value) {
    PS_EDIT_FUNCTION(history);
    HistEvent event;
    return function ? function(h, &event, op, value) : -1;
}
static inline int ps_history_set_size(History *h, int size) { return ps_history_int(h, H_SETSIZE, size); }
static inline int ps_history_set_unique(History *h, int unique) { return ps_history_int(h, H_SETUNIQUE, unique); }
static inline int ps_history_enter(History *h, const char *line) { return ps_history_string(h, H_ENTER, line); }
static inline int ps_history_load(History *h, const char *path) { return ps_history_string(h, H_LOAD, path); }
static inline int ps_history_save(History *h, const char *path) { return ps_history_string(h, H_SAVE, path); }

#endif
