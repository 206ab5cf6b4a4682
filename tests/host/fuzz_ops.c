/* libFuzzer target: the input bytes are an operation sequence over 4 harts, replayed
   against the reference model (model.h); a disagreement aborts, which libFuzzer reports
   with the input that caused it. Each input starts from a freshly booted allocator, whose
   pages are all still never-used ranges, so a failing input replays on its own. */
#include <stddef.h>
#include <stdint.h>

#include "host_harts.h"
#include "model.h"

#define FUZZ_HARTS 4
#define FUZZ_PAGES 96 /* small, so that inputs reach exhaustion and stealing quickly */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    host_boot(FUZZ_HARTS, FUZZ_PAGES);
    model_init(FUZZ_HARTS);
    for (size_t i = 0; i < size; i++) {
        unsigned int b = data[i];
        unsigned long pick = i + 1 < size ? data[i + 1] : 0;
        model_step((int)(b & 3), b >> 2, pick);
    }
    model_release_all();
    return 0;
}
