#ifndef PS_RUNTIME_INTERNAL_H
#define PS_RUNTIME_INTERNAL_H

/* What the runtime's C files share with each other and with nothing else. */

#include "CLuaRuntime.h"

/* How many elements a C loop handles between two looks at the stop reason. */
#define STOP_CHECK_INTERVAL 4096

int psi_base_xpcall(lua_State *L);
int psi_traceback_start(lua_State *L);
int psi_coroutine_close(lua_State *L);
int psi_coroutine_resume(lua_State *L);
int psi_coroutine_wrap(lua_State *L);
int psi_leave_thread(ps_runtime *rt, lua_State *L);
int psi_pass_error(lua_State *L);
int psi_pending_stop(const ps_runtime *rt);
int psi_raise_stop(lua_State *L, ps_runtime *rt);
void psi_disarm_message_handlers(lua_State *L);
void psi_enter_thread(ps_runtime *rt, lua_State *co);

#endif
