#ifndef PEERSCRIPT_CZEROMQ_SHIM_H
#define PEERSCRIPT_CZEROMQ_SHIM_H

#include <zmq.h>
#include <dlfcn.h>
#include <errno.h>

/* libzmq is opened on first use rather than linked: only the kernel needs it, and loading it
   with its dependencies at every start cost `peerscript run` a share of its start-up. Each
   wrapper looks its function up once; without the library every call fails with ENOENT. */
static inline void *ps_zmq_symbol(const char *name) {
    static void *library;
    if (!library) library = dlopen("libzmq.so.5", RTLD_NOW | RTLD_LOCAL);
    if (!library) library = dlopen("libzmq.so", RTLD_NOW | RTLD_LOCAL);
    return library ? dlsym(library, name) : NULL;
}

#define PS_ZMQ_FUNCTION(result, name, failure, parameters, arguments) \
    static inline result ps_##name parameters { \
        static result (*function) parameters; \
        if (!function) function = (result (*) parameters)ps_zmq_symbol(#name); \
        if (!function) { errno = ENOENT; return failure; } \
        return function arguments; \
    }

PS_ZMQ_FUNCTION(void *, zmq_ctx_new, NULL, (void), ())
PS_ZMQ_FUNCTION(int, zmq_ctx_term, -1, (void *context), (context))
PS_ZMQ_FUNCTION(void *, zmq_socket, NULL, (void *context, int type), (context, type))
PS_ZMQ_FUNCTION(int, zmq_close, -1, (void *socket), (socket))
PS_ZMQ_FUNCTION(int, zmq_setsockopt, -1, (void *socket, int option, const void *value, size_t size),
                (socket, option, value, size))
PS_ZMQ_FUNCTION(int, zmq_getsockopt, -1, (void *socket, int option, void *value, size_t *size),
                (socket, option, value, size))
PS_ZMQ_FUNCTION(int, zmq_bind, -1, (void *socket, const char *endpoint), (socket, endpoint))
PS_ZMQ_FUNCTION(int, zmq_connect, -1, (void *socket, const char *endpoint), (socket, endpoint))
PS_ZMQ_FUNCTION(int, zmq_send, -1, (void *socket, const void *buffer, size_t size, int flags),
                (socket, buffer, size, flags))
PS_ZMQ_FUNCTION(int, zmq_msg_init, -1, (zmq_msg_t *message), (message))
PS_ZMQ_FUNCTION(int, zmq_msg_close, -1, (zmq_msg_t *message), (message))
PS_ZMQ_FUNCTION(int, zmq_msg_recv, -1, (zmq_msg_t *message, void *socket, int flags), (message, socket, flags))
PS_ZMQ_FUNCTION(size_t, zmq_msg_size, 0, (const zmq_msg_t *message), (message))
PS_ZMQ_FUNCTION(void *, zmq_msg_data, NULL, (zmq_msg_t *message), (message))
PS_ZMQ_FUNCTION(int, zmq_msg_more, 0, (const zmq_msg_t *message), (message))
PS_ZMQ_FUNCTION(int, zmq_poll, -1, (zmq_pollitem_t *items, int count, long timeout), (items, count, timeout))

/* errno as a function: Swift cannot read the C macro reliably across threads. */
static inline int ps_zmq_errno(void) {
    static int (*function)(void);
    if (!function) function = (int (*)(void))ps_zmq_symbol("zmq_errno");
    return function ? function() : errno;
}

static inline const char *ps_zmq_strerror(int code) {
    static const char *(*function)(int);
    if (!function) function = (const char *(*)(int))ps_zmq_symbol("zmq_strerror");
    return function ? function(code) : "libzmq.so.5 could not be loaded (install libzmq5)";
}

#endif
