/*
 * The kernel floor in C (benchmark only): the cheapest sender the fan-out benchmark's consoles accept,
 * so that its CPU per frame is what any design pays on this machine, nearly all of it the kernel's.
 * One thread: a minimal WebSocket handshake (no extensions) per accepted socket, and every 10 ms the
 * updates due, each rendered once with its send time and its WebSocket header into one buffer, written
 * to every socket of its group with one write(2) each. No event loop over the consoles, no per-session
 * state, nothing read after the handshake. Built and started by FanOutBenchmark (--servers kernel-floor-c):
 *
 *   gcc -O2 -o kernel-floor kernel-floor.c -lcrypto
 *   ./kernel-floor --port 8092 --template frame.json --groups 1 --rate 25
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/sha.h>
#include <openssl/evp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_SESSIONS 65536
#define MAX_REQUEST 8192
#define TICK_MS 10

static const char *GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

struct group { int *fds; int count; };

static void die(const char *what) { perror(what); exit(1); }

static long long now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000000000LL + t.tv_nsec;
}

/* Reads the upgrade request and answers 101; returns the group (the g query parameter) or -1. */
static int handshake(int fd) {
    char req[MAX_REQUEST + 1];
    int len = 0;
    while (len < MAX_REQUEST) {
        ssize_t n = read(fd, req + len, MAX_REQUEST - len);
        if (n <= 0) return -1;
        len += n;
        req[len] = 0;
        if (strstr(req, "\r\n\r\n")) break;
    }
    if (strncmp(req, "GET /ws?g=", 10) != 0) return -1;
    int group = atoi(req + 10);
    char *key = strcasestr(req, "\r\nSec-WebSocket-Key:");
    if (!key) return -1;
    key += strlen("\r\nSec-WebSocket-Key:");
    while (*key == ' ') key++;
    char *end = strstr(key, "\r\n");
    if (!end || end - key > 64) return -1;
    char joined[128];
    snprintf(joined, sizeof joined, "%.*s%s", (int) (end - key), key, GUID);
    unsigned char digest[SHA_DIGEST_LENGTH];
    SHA1((unsigned char *) joined, strlen(joined), digest);
    char accept[64];
    EVP_EncodeBlock((unsigned char *) accept, digest, SHA_DIGEST_LENGTH);
    char res[256];
    int rlen = snprintf(res, sizeof res, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                        "Connection: Upgrade\r\nSec-WebSocket-Accept: %s\r\n\r\n", accept);
    if (write(fd, res, rlen) != rlen) return -1;
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return group;
}

/* Renders one update into buf: WebSocket header (final text frame, unmasked) and the frame with the send time. */
static size_t render(char *buf, size_t size, const char *head, const char *tail) {
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    struct tm tm;
    gmtime_r(&t.tv_sec, &tm);
    char when[40];
    size_t w = strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(when + w, sizeof when - w, ".%03ldZ", t.tv_nsec / 1000000);
    size_t payload = strlen(head) + strlen(when) + strlen(tail);
    size_t h = 2;
    buf[0] = (char) 0x81;
    if (payload < 126) {
        buf[1] = (char) payload;
    } else {
        buf[1] = 126;
        buf[2] = (char) (payload >> 8);
        buf[3] = (char) payload;
        h = 4;
    }
    return h + (size_t) snprintf(buf + h, size - h, "%s%s%s", head, when, tail);
}

static const char *arg(int argc, char **argv, const char *name, const char *fallback) {
    for (int i = 1; i + 1 < argc; i += 2) {
        if (strcmp(argv[i] + 2, name) == 0) return argv[i + 1];
    }
    return fallback;
}

int main(int argc, char **argv) {
    int port = atoi(arg(argc, argv, "port", "8092"));
    int groups = atoi(arg(argc, argv, "groups", "1"));
    long rate = atol(arg(argc, argv, "rate", "25"));
    FILE *f = fopen(arg(argc, argv, "template", "frame.json"), "r");
    if (!f) die("template");
    static char tmpl[65536];
    size_t tlen = fread(tmpl, 1, sizeof tmpl - 1, f);
    fclose(f);
    while (tlen > 0 && (tmpl[tlen - 1] == '\n' || tmpl[tlen - 1] == ' ')) tlen--;
    tmpl[tlen] = 0;
    char *at = strstr(tmpl, "__EVENT_TIME__");
    if (!at || tlen > 65000) { fprintf(stderr, "the template has no __EVENT_TIME__ or is too long\n"); return 1; }
    *at = 0;
    const char *head = tmpl, *tail = at + strlen("__EVENT_TIME__");
    signal(SIGPIPE, SIG_IGN);

    int listener = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons(port)};
    inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
    if (bind(listener, (struct sockaddr *) &addr, sizeof addr) < 0 || listen(listener, 1024) < 0) die("listen");
    struct group *members = calloc(groups, sizeof *members);
    for (int g = 0; g < groups; g++) members[g].fds = calloc(MAX_SESSIONS, sizeof(int));
    printf("floor kernel-floor-c listening on %d, transport C write(2)\n", port);
    fflush(stdout);

    static char frame[65536 + 8];
    long long start = now_ns(), next_tick = start + TICK_MS * 1000000LL;
    long long sent = 0;
    for (;;) {
        long long wait = (next_tick - now_ns()) / 1000000;
        struct pollfd p = {.fd = listener, .events = POLLIN};
        if (poll(&p, 1, wait > 0 ? (int) wait : 0) > 0) {
            int fd = accept(listener, NULL, NULL);
            if (fd >= 0) {
                int g = handshake(fd);
                if (g < 0 || members[g % groups].count == MAX_SESSIONS) {
                    close(fd);
                } else {
                    members[g % groups].fds[members[g % groups].count++] = fd;
                }
            }
            continue;
        }
        next_tick += TICK_MS * 1000000LL;
        long long due = (now_ns() - start) * rate / 1000000000LL;
        for (; sent < due; sent++) {
            struct group *m = &members[sent % groups];
            size_t len = render(frame, sizeof frame, head, tail);
            for (int i = 0; i < m->count; i++) {
                size_t done = 0;
                while (done < len) {
                    ssize_t n = write(m->fds[i], frame + done, len - done);
                    if (n < 0 && errno == EINTR) continue;
                    if (n <= 0) break;
                    done += n;
                }
                if (done < len) {
                    close(m->fds[i]);
                    m->fds[i--] = m->fds[--m->count];
                }
            }
        }
    }
}
