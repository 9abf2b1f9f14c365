// Reads the files named on the command line and writes them to stdout, followed by a line, word
// and byte count for each, like a small `cat` and `wc` in one. Under WASI it can only open files in
// the directories the host preopened for it.
#include <errno.h>
#include <stdio.h>
#include <string.h>

static int show(const char *path) {
    FILE *file = fopen(path, "rb");
    if (!file) {
        fprintf(stderr, "read-file: %s: %s\n", path, strerror(errno));
        return 1;
    }
    long lines = 0, words = 0, bytes = 0;
    int in_word = 0, c;
    while ((c = fgetc(file)) != EOF) {
        putchar(c);
        bytes++;
        if (c == '\n') lines++;
        int space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
        if (!space && !in_word) words++;
        in_word = !space;
    }
    fclose(file);
    printf("-- %s: %ld lines, %ld words, %ld bytes\n", path, lines, words, bytes);
    return 0;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: read-file FILE...\n");
        return 2;
    }
    int status = 0;
    for (int i = 1; i < argc; i++) status |= show(argv[i]);
    return status;
}
