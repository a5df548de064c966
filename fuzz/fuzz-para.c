/*
 * libFuzzer target for one paragraph: arbitrary bytes (invalid UTF-8 included) cleaned with
 * utf8_sanitize, prepared with para_new, wrapped with wrap_para at a width from the first byte and
 * reordered line by line with para_reorder. See fuzz.h for the invariants checked.
 */
#include <stddef.h>
#include <stdint.h>

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_para(data, size);
	return 0;
}
