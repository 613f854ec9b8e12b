/* arena.c: the heap, such as it is.  rootinit itself never allocates;
 * libcap-ng and stdio do (fopen of /proc/self/status, a few times).  They
 * get blocks from a fixed arena in BSS, handed out as a stack: fopen then
 * fclose gives the space back.  So PID 1 makes no brk or mmap call, its
 * footprint is fixed, and musl's general allocator is not linked (musl
 * supports replacing malloc in a static link). */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "rootinit.h"

#define ALIGN 16

struct block {
	size_t size;		/* usable bytes, a multiple of ALIGN */
	size_t pad;
};

static unsigned char arena[ARENA_SIZE] __attribute__((aligned(ALIGN)));
static size_t top;

static struct block *
block_of(void *p)
{
	return (struct block *)p - 1;
}

static int
is_last(void *p)
{
	return (unsigned char *)p + block_of(p)->size == arena + top;
}

void *
malloc(size_t n)
{
	size_t need = (n + ALIGN - 1) & ~(size_t)(ALIGN - 1);
	struct block *b;

	if (n > ARENA_SIZE || need + sizeof(*b) > ARENA_SIZE - top) {
		errno = ENOMEM;
		return NULL;
	}
	b = (struct block *)(arena + top);
	b->size = need;
	top += sizeof(*b) + need;
	return b + 1;
}

/* Only the last block returns to the arena; others stay until exit. */
void
free(void *p)
{
	if (p && is_last(p))
		top -= sizeof(struct block) + block_of(p)->size;
}

void *
calloc(size_t n, size_t m)
{
	void *p;

	if (m && n > SIZE_MAX / m) {
		errno = ENOMEM;
		return NULL;
	}
	if ((p = malloc(n * m)))
		memset(p, 0, n * m);
	return p;
}

void *
realloc(void *p, size_t n)
{
	size_t old;
	void *q;

	if (!p)
		return malloc(n);
	old = block_of(p)->size;
	if (n <= old)
		return p;
	if (is_last(p)) {	/* grow in place, or fail keeping p */
		n = (n + ALIGN - 1) & ~(size_t)(ALIGN - 1);
		if (n > ARENA_SIZE || n - old > ARENA_SIZE - top) {
			errno = ENOMEM;
			return NULL;
		}
		top += n - old;
		block_of(p)->size = n;
		return p;
	}
	if ((q = malloc(n))) {
		memcpy(q, p, old);
		free(p);
	}
	return q;
}
