/*
 * SIGTERM, SIGHUP and a terminal that hangs up end the reader within a tenth of a second
 * whatever it is doing, its places saved: the loop ends at its next key check; when it is busy
 * longer (laying out a huge paragraph, say), a thread of its own saves the last places the loop
 * published and ends qari.
 */
#ifndef QARI_WATCHDOG_H
#define QARI_WATCHDOG_H

#include <stddef.h>
#include <stdint.h>

/* How long the loop has to end by itself after the signal, in milliseconds. */
#define WATCHDOG_GRACE_MS 50

/*
 * Starts the watchdog for ndocs documents whose store ids are ids (-1: not kept), saved into
 * the store at store_path (NULL: nothing to save), watching the terminal tty_fd (-1: none) for
 * a hangup. 0, or -1 when the thread cannot start.
 */
int watchdog_start(const char *store_path, const int64_t *ids, size_t ndocs, int tty_fd);

/* The place the loop has reached in document doc: what would be saved if qari ended now. */
void watchdog_place(size_t doc, size_t block, size_t ch);

/* Document doc turned out to be another in the store (read to its end): its id is now id. */
void watchdog_doc_id(size_t doc, int64_t id);

/* One more document (a page a link opened), after the others, known by id. */
void watchdog_add_doc(int64_t id);

/* From the signal handler: async-signal-safe. */
void watchdog_wake(void);

/*
 * The loop ends by itself: the watchdog stands down. If it has already taken over, this never
 * returns (the watchdog ends the process).
 */
void watchdog_stop(void);

#endif
