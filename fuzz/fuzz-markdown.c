/*
 * libFuzzer target for the Markdown loader and everything after it: the input's first byte is the
 * width (1-200), the rest a file read with format "markdown", laid out and rendered line by line as
 * the reader and the dump do. See fuzz.h for what is checked; `make fuzz` builds and runs it.
 */
#include <stddef.h>
#include <stdint.h>

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_format("markdown", data, size);
	return 0;
}
