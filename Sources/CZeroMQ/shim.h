#ifndef PEERSCRIPT_CZEROMQ_SHIM_H
#define PEERSCRIPT_CZEROMQ_SHIM_H

#include <zmq.h>

/* errno as a function: Swift cannot read the C macro reliably across threads. */
#include <errno.h>
static inline int ps_zmq_errno(void) { return zmq_errno(); }

#endif
