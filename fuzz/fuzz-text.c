/*
 * libFuzzer target for the text loader and everything after it: the input's first byte is the
 * width (1-200), the rest a file read with format "text", laid out and rendered line by line as
 * the reader and the dump do, with the reader's flags, --bidi terminal and --shape none. See
 * fuzz.h for what is checked; `make fuzz` builds and runs it.
 */
#include <stddef.h>
#include <stdint.h>

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_text(data, size);
	return 0;
}
