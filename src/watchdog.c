/*
 * A thread that sleeps until SIGTERM or SIGHUP (the handler writes a byte into a pipe) or until
 * the terminal hangs up: then the loop has WATCHDOG_GRACE_MS to end by itself (it checks between
 * keys); if it does not, the thread gives the terminal back, saves the places the loop last
 * published, on a connection of its own, and ends the process. Which of the two ends qari is
 * settled once, by one compare-and-swap.
 */
#include <errno.h>
#include <pthread.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "store.h"
#include "terminal.h"
#include "utf8.h"
#include "watchdog.h"
#include "xmalloc.h"

enum { RUNNING, LOOP_ENDS, WATCHDOG_ENDS };

struct place {
	int64_t id;
	size_t block, ch;
	int set;
};

static int wake[2] = {-1, -1}, tty = -1;
static pthread_t thread;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static atomic_int state;
static int started;
static char *path;
static struct place *places;
static size_t nplaces;

static void
sleep_ms(long ms)
{
	struct timespec t = {ms / 1000, ms % 1000 * 1000000L};

	while (nanosleep(&t, &t) != 0 && errno == EINTR)
		;
}

static void
save(void)
{
	struct store *st;
	char *cause = NULL;
	size_t i;

	if (path == NULL || (st = store_open(path, &cause)) == NULL) {
		free(cause);
		return;
	}
	store_set_wait(st, 20); /* busy: kept in the journal by store_close, for the next start */
	pthread_mutex_lock(&lock);
	for (i = 0; i < nplaces; i++)
		if (places[i].set && places[i].id >= 0 &&
		    store_position_set(st, places[i].id, places[i].block, places[i].ch, &cause) !=
		        0) {
			utf8_error(cause);
			free(cause);
			cause = NULL;
		}
	pthread_mutex_unlock(&lock);
	store_close(&st);
}

static void *
watch(void *arg)
{
	int expect = RUNNING, waited;

	struct pollfd p[2];

	(void)arg;
	p[0].fd = wake[0];
	p[0].events = POLLIN;
	p[1].fd = tty;
	p[1].events = 0; /* a hangup is reported without being asked for */
	for (;;) {
		p[0].revents = p[1].revents = 0;
		if (poll(p, tty >= 0 ? 2 : 1, -1) < 0 && errno != EINTR)
			return NULL;
		if (p[0].revents || p[1].revents)
			break;
	}
	for (waited = 0; waited < WATCHDOG_GRACE_MS; waited += 5) {
		if (atomic_load(&state) != RUNNING)
			return NULL;
		sleep_ms(5);
	}
	if (!atomic_compare_exchange_strong(&state, &expect, WATCHDOG_ENDS))
		return NULL; /* the loop got there first */
	term_give_back();
	save();
	_exit(0); /* as the loop's own end after a signal */
}

int
watchdog_start(const char *store_path, const int64_t *ids, size_t ndocs, int tty_fd)
{
	sigset_t all, old;
	size_t i;
	int rc;

	if (started)
		return 0;
	if (pipe2(wake, O_CLOEXEC | O_NONBLOCK) != 0)
		return -1;
	tty = tty_fd;
	path = store_path != NULL ? xstrdup(store_path) : NULL;
	places = xcalloc(ndocs ? ndocs : 1, sizeof *places);
	nplaces = ndocs;
	for (i = 0; i < ndocs; i++)
		places[i].id = ids[i];
	atomic_store(&state, RUNNING);
	/* The signals go to the loop's thread, whose key read they interrupt. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	rc = pthread_create(&thread, NULL, watch, NULL);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		free(path);
		free(places);
		path = NULL;
		places = NULL;
		close(wake[0]);
		close(wake[1]);
		return -1;
	}
	started = 1;
	return 0;
}

void
watchdog_place(size_t doc, size_t block, size_t ch)
{
	if (!started || doc >= nplaces)
		return;
	pthread_mutex_lock(&lock);
	places[doc].block = block;
	places[doc].ch = ch;
	places[doc].set = 1;
	pthread_mutex_unlock(&lock);
}

void
watchdog_doc_id(size_t doc, int64_t id)
{
	if (!started || doc >= nplaces)
		return;
	pthread_mutex_lock(&lock);
	places[doc].id = id;
	pthread_mutex_unlock(&lock);
}

void
watchdog_add_doc(int64_t id)
{
	if (!started)
		return;
	pthread_mutex_lock(&lock);
	places = xreallocarray(places, nplaces + 1, sizeof *places);
	memset(&places[nplaces], 0, sizeof places[nplaces]);
	places[nplaces++].id = id;
	pthread_mutex_unlock(&lock);
}

void
watchdog_wake(void)
{
	int saved = errno;
	ssize_t n;

	if (started)
		n = write(wake[1], "", 1);
	(void)n;
	errno = saved;
}

void
watchdog_stop(void)
{
	int expect = RUNNING;

	if (!started)
		return;
	if (!atomic_compare_exchange_strong(&state, &expect, LOOP_ENDS))
		for (;;)
			pause(); /* the watchdog is saving; it ends the process */
	watchdog_wake();
	pthread_join(thread, NULL);
	close(wake[0]);
	close(wake[1]);
	wake[0] = wake[1] = -1;
	free(path);
	free(places);
	path = NULL;
	places = NULL;
	started = 0;
}
