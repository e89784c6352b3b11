/*
 * ukey-host: loads one vendor library (PKCS#11 or SKF) and serves its calls over stdin/stdout in the frames of
 * schema.txt, so that the client survives the library's crashes and hangs and can use 32-bit libraries.
 *
 * Threads: the main thread reads frames and ends the process when the client goes away (even while a call
 * hangs); one worker thread makes every library call in order; event waits run on threads of their own.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ops.h"
#include "platform.h"
#include "wire.h"

#define PROTOCOL_VERSION 1
#define KIND_PKCS11 1
#define KIND_SKF 2

struct job {
    struct job *next;
    uint32_t id;
    uint16_t op;
    uint8_t *body;
    uint32_t size;
};

static plat_mutex write_lock;
static plat_mutex queue_lock;
static plat_cond queue_ready;
static struct job *queue_head;
static struct job *queue_tail;
static int loaded; /* the kind of the loaded library, 0 before LOAD */

static void send_answer(struct writer *w, uint32_t id, uint16_t op) {
    if (wire_end(w, id, op) != 0) {
        fprintf(stderr, "ukey-host: the answer to op 0x%04x does not follow schema.txt\n", op);
        plat_exit(70);
    }
    plat_lock(&write_lock);
    int failed = plat_write(w->buffer, w->length);
    plat_unlock(&write_lock);
    if (failed) {
        plat_exit(0); /* the client is gone */
    }
}

static void send_error(uint32_t id, const char *why) {
    struct writer w;
    wire_begin(&w, "s");
    wire_s(&w, why, (uint32_t) strlen(why));
    send_answer(&w, id, OP_ERROR);
    wire_free(&w);
}

static void hello(void) {
    struct writer w;
    char description[96];
    snprintf(description, sizeof description, "ukey-host %d %s %u-bit", PROTOCOL_VERSION, plat_name(),
             (unsigned) (sizeof(void *) * 8));
    wire_begin(&w, wire_op(OP_HELLO)->answer);
    wire_u(&w, PROTOCOL_VERSION);
    wire_u(&w, plat_machine());
    wire_u(&w, plat_pid());
    wire_s(&w, description, (uint32_t) strlen(description));
    send_answer(&w, 0, OP_HELLO);
    wire_free(&w);
}

static void load(const struct call *call, struct writer *w) {
    char message[512] = "";
    uint64_t status = 1;
    char *path = malloc(call->fields[1].length + 1);
    if (loaded) {
        snprintf(message, sizeof message, "a library is loaded already");
    } else if (call->fields[0].u != KIND_PKCS11 && call->fields[0].u != KIND_SKF) {
        snprintf(message, sizeof message, "library kind %llu is not served", (unsigned long long) call->fields[0].u);
    } else if (path != NULL) {
        memcpy(path, call->fields[1].data, call->fields[1].length);
        path[call->fields[1].length] = '\0';
        int kind = (int) call->fields[0].u;
        void *library = plat_load(path, message, sizeof message);
        if (library != NULL && (kind == KIND_PKCS11 ? p11_bind(library, message, sizeof message)
                                                    : skf_bind(library, message, sizeof message)) == 0) {
            status = 0;
            loaded = kind;
        }
    }
    free(path);
    wire_u(w, status);
    wire_s(w, message, (uint32_t) strlen(message));
}

/* Decodes and runs one request, and answers it. */
static void run(struct job *job) {
    struct call call;
    memset(&call, 0, sizeof call);
    call.id = job->id;
    call.op = job->op;
    call.schema = wire_op(job->op);
    if (call.schema == NULL || call.op == OP_HELLO || call.op == OP_ERROR) {
        send_error(job->id, "unknown op");
        return;
    }
    if (wire_decode(call.schema->request, job->body, job->size, call.fields) != 0) {
        send_error(job->id, "the request does not follow schema.txt");
        return;
    }
    struct writer w;
    wire_begin(&w, call.schema->answer);
    int served = 0;
    if (call.op == OP_LOAD) {
        load(&call, &w);
        served = 1;
    } else {
        served = (loaded == KIND_PKCS11 ? p11_serve(&call, &w) : loaded == KIND_SKF ? skf_serve(&call, &w) : -1) == 0;
    }
    if (served) {
        send_answer(&w, job->id, job->op);
    } else {
        send_error(job->id, loaded ? "not a call of the loaded library" : "no library loaded");
    }
    wire_free(&w);
}

static void job_free(struct job *job) {
    memset(job->body, 0, job->size); /* requests may hold a PIN */
    free(job->body);
    free(job);
}

static void worker(void *unused) {
    (void) unused;
    for (;;) {
        plat_lock(&queue_lock);
        while (queue_head == NULL) {
            plat_wait(&queue_ready, &queue_lock);
        }
        struct job *job = queue_head;
        queue_head = job->next;
        if (queue_head == NULL) {
            queue_tail = NULL;
        }
        plat_unlock(&queue_lock);
        run(job);
        job_free(job);
    }
}

static void waiter(void *p) {
    struct job *job = p;
    run(job);
    job_free(job);
}

static void enqueue(struct job *job) {
    const struct op_schema *schema = wire_op(job->op);
    if (schema != NULL && schema->deadline == DEADLINE_NONE) {
        /* an event wait blocks until something happens: on its own thread, so other calls go on */
        if (plat_thread(waiter, job) != 0) {
            send_error(job->id, "cannot start a thread");
            job_free(job);
        }
        return;
    }
    plat_lock(&queue_lock);
    if (queue_tail != NULL) {
        queue_tail->next = job;
    } else {
        queue_head = job;
    }
    queue_tail = job;
    plat_signal(&queue_ready);
    plat_unlock(&queue_lock);
}

int main(void) {
    if (plat_setup() != 0) {
        fprintf(stderr, "ukey-host: cannot set up the protocol channel\n");
        return 71;
    }
    plat_mutex_init(&write_lock);
    plat_mutex_init(&queue_lock);
    plat_cond_init(&queue_ready);
    hello();
    if (plat_thread(worker, NULL) != 0) {
        fprintf(stderr, "ukey-host: cannot start the worker thread\n");
        return 71;
    }
    for (;;) {
        uint8_t header[FRAME_HEADER];
        if (plat_read(header, FRAME_HEADER) != 0) {
            plat_exit(0); /* the client closed the pipe or died: so do we, whatever the library is doing */
        }
        uint32_t length = wire_get_u32(header);
        if (length < FRAME_HEADER - 4 || length > FRAME_MAX) {
            fprintf(stderr, "ukey-host: a frame of %lu bytes: the stream is garbled\n", (unsigned long) length);
            plat_exit(65);
        }
        struct job *job = calloc(1, sizeof *job);
        uint32_t size = length - (FRAME_HEADER - 4);
        uint8_t *body = malloc(size == 0 ? 1 : size);
        if (job == NULL || body == NULL || (size > 0 && plat_read(body, size) != 0)) {
            plat_exit(job == NULL || body == NULL ? 71 : 0);
        }
        job->id = wire_get_u32(header + 4);
        job->op = wire_get_u16(header + 8);
        job->body = body;
        job->size = size;
        enqueue(job);
    }
}
