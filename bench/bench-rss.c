/*
 * bench-rss: the peak resident memory of a command, for make bench (bench/run.sh).
 *
 *   bench-rss CMD [ARG...]
 *
 * Runs CMD with its output thrown away and prints its ru_maxrss in KiB, or fails with CMD's
 * status. Linux keeps a process's peak across exec, so the figure includes what the forking
 * process held: Python's subprocess would add its own 10 MB to every figure, this adds about 1.
 */
#include <sys/resource.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	struct rusage ru;
	pid_t pid;
	int status, fd;

	if (argc < 2) {
		fprintf(stderr, "usage: bench-rss CMD [ARG...]\n");
		return 2;
	}
	if ((pid = fork()) == -1) {
		perror("bench-rss: fork");
		return 2;
	}
	if (pid == 0) {
		if ((fd = open("/dev/null", O_WRONLY)) != -1)
			dup2(fd, STDOUT_FILENO);
		execvp(argv[1], argv + 1);
		fprintf(stderr, "bench-rss: %s: %s\n", argv[1], strerror(errno));
		_exit(127);
	}
	if (wait4(pid, &status, 0, &ru) == -1) {
		perror("bench-rss: wait4");
		return 2;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "bench-rss: %s failed\n", argv[1]);
		return 1;
	}
	printf("%ld\n", ru.ru_maxrss);
	return 0;
}
