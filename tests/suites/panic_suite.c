/* "panic": a deliberate panic, so that a test can check the panic path end to end
   (message, hart, exit status). Never part of the standard set. */
#include "harness.h"
#include "panic.h"

static int panic_run(void)
{
    panic("panic_run: deliberate panic (test=panic)");
}

SUITE(panic, .name = "panic", .summary = "panics on purpose (checks the panic path)", .standard = 0,
      .run = panic_run);
