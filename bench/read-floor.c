/* SPDX-License-Identifier: MIT */
/*
 * What reading a file costs a reader that does not map it, for the bench scripts:
 * read-floor FILE THREADS preads FILE in 128 KiB pieces (oomtool's buffer size), the file
 * split in THREADS equal parts, and does nothing with the bytes. No search, no parse: the
 * floor under any scan that copies the page cache, beside rg, which maps the whole file and
 * copies nothing (its RSS is the file's size).
 */
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#define PIECE (128 * 1024)
#define THREADS_MAX 16

static int fd;
static off_t size;
static int threads;

static void *read_part(void *arg)
{
	long i = (long)arg;
	off_t per = (size / threads + PIECE - 1) / PIECE * PIECE, at = per * i, end = at + per;
	char *buf = malloc(PIECE);

	if (!buf)
		return NULL;
	if (end > size)
		end = size;
	while (at < end) {
		ssize_t k = pread(fd, buf, PIECE, at);

		if (k <= 0)
			break;
		at += k;
	}
	free(buf);
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t t[THREADS_MAX];
	struct stat st;

	if (argc != 3 || (threads = atoi(argv[2])) < 1 || threads > THREADS_MAX)
		return 2;
	fd = open(argv[1], O_RDONLY);
	if (fd < 0 || fstat(fd, &st) != 0)
		return 1;
	size = st.st_size;
	for (long i = 0; i < threads; i++)
		if (pthread_create(&t[i], NULL, read_part, (void *)i) != 0)
			return 1;
	for (long i = 0; i < threads; i++)
		pthread_join(t[i], NULL);
	return 0;
}
