/*
 * libedit (BSD editline) as Swift can import it.
 *
 * `el_set`, `el_get` and `history` are variadic, which Swift cannot call, so each use the REPL
 * makes of them is wrapped here as a fixed-argument inline function prefixed with `ps_`.
 */
#ifndef PEERSCRIPT_CEDITLINE_SHIM_H
#define PEERSCRIPT_CEDITLINE_SHIM_H

#include <histedit.h>
#include <stddef.h>

/* A prompt callback: returns the prompt text for the editor it is given. */
typedef char *(*ps_el_prompt_fn)(EditLine *);
/* An editor command bound to a key: returns one of the CC_* codes. */
typedef unsigned char (*ps_el_command_fn)(EditLine *, int);

/* An editor on the process's standard streams (which Swift 6 cannot name as globals). */
static inline EditLine *ps_el_init_standard(const char *program) {
    return el_init(program, stdin, stdout, stderr);
}
static inline int ps_el_set_prompt(EditLine *el, ps_el_prompt_fn prompt) {
    return el_set(el, EL_PROMPT, prompt);
}
static inline int ps_el_set_editor(EditLine *el, const char *mode) {
    return el_set(el, EL_EDITOR, mode);
}
static inline int ps_el_set_signal(EditLine *el, int flag) { return el_set(el, EL_SIGNAL, flag); }
/* Turns one terminal mode off while editing, as `setty -d -MODE` does (e.g. "isig"). */
static inline int ps_el_disable_tty_mode(EditLine *el, const char *negated_mode) {
    return el_set(el, EL_SETTY, "-d", negated_mode, NULL);
}
static inline int ps_el_add_command(EditLine *el, const char *name, const char *help,
                                    ps_el_command_fn command) {
    return el_set(el, EL_ADDFN, name, help, command);
}
static inline int ps_el_bind(EditLine *el, const char *key, const char *command) {
    return el_set(el, EL_BIND, key, command, NULL);
}
static inline int ps_el_set_client_data(EditLine *el, void *data) {
    return el_set(el, EL_CLIENTDATA, data);
}
static inline void *ps_el_client_data(EditLine *el) {
    void *data = NULL;
    el_get(el, EL_CLIENTDATA, &data);
    return data;
}
static inline int ps_el_set_history(EditLine *el, History *history_list) {
    return el_set(el, EL_HIST, history, history_list);
}

static inline int ps_history_set_size(History *h, int size) {
    HistEvent event;
    return history(h, &event, H_SETSIZE, size);
}
static inline int ps_history_set_unique(History *h, int unique) {
    HistEvent event;
    return history(h, &event, H_SETUNIQUE, unique);
}
static inline int ps_history_enter(History *h, const char *line) {
    HistEvent event;
    return history(h, &event, H_ENTER, line);
}
static inline int ps_history_load(History *h, const char *path) {
    HistEvent event;
    return history(h, &event, H_LOAD, path);
}
static inline int ps_history_save(History *h, const char *path) {
    HistEvent event;
    return history(h, &event, H_SAVE, path);
}

#endif
