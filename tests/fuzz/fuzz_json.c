/* libFuzzer harness over send --from-json's parser (inject/json.c): any
 * bytes, parsed into a bounded token array, then every accessor run over
 * what came out.  `make fuzz-json` (FUZZ_SECONDS, default 60). */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "../../cli/cli.h"
#include "../../inject/json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct json_tok t[512];
	char err[CLI_ERRBUF], out[64];
	long long v;
	int n, i;

	n = json_parse((const char *)data, size, t, 512, err);
	if (n <= 0)
		return 0;
	for (i = 0; i < n; i++) {
		json_str((const char *)data, t, i, out, sizeof(out));
		json_int((const char *)data, t, i, -1000, 1000, &v);
		if (t[i].type == JSON_OBJ) {
			json_get((const char *)data, t, i, "type");
			json_get((const char *)data, t, i, "payload");
		}
	}
	return 0;
}
