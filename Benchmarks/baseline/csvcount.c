/*
 * csvcount: count the fields and rows of a CSV file with libcsv and nothing else; the
 * floor that specsplit's reader (Sources/SpecSplit/1-Read/CSVReader.swift) is compared with.
 *
 *   cc -O2 -o csvcount csvcount.c -lcsv
 *   ./csvcount [--specsplit] FILE
 *
 * Default mode: libcsv's defaults (csv_init with no options).
 * --specsplit: the options specsplit's reader uses: CSV_STRICT | CSV_STRICT_FINI |
 * CSV_REPALL_NL, a space function that accepts nothing (no trimming), a 64 KiB block size.
 * Both read the file in 256 KiB read() chunks into csv_parse and finish with csv_fini.
 * Prints: rows, fields, bytes (rows count every row callback, blank lines included in
 * --specsplit mode because CSV_REPALL_NL reports them).
 */
#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct counts {
    unsigned long long rows;
    unsigned long long fields;
};

static void on_field(void *data, size_t length, void *context) {
    (void)data;
    (void)length;
    ((struct counts *)context)->fields++;
}

static void on_row(int terminator, void *context) {
    (void)terminator;
    ((struct counts *)context)->rows++;
}

static int no_space(unsigned char c) {
    (void)c;
    return 0;
}

int main(int argc, char **argv) {
    int specsplit = 0;
    const char *path = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--specsplit") == 0) specsplit = 1;
        else path = argv[i];
    }
    if (path == NULL) {
        fprintf(stderr, "usage: csvcount [--specsplit] FILE\n");
        return 64;
    }
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        fprintf(stderr, "csvcount: %s: %s\n", path, strerror(errno));
        return 66;
    }
    struct csv_parser parser;
    if (csv_init(&parser, specsplit ? (CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL) : 0) != 0) {
        fprintf(stderr, "csvcount: csv_init failed\n");
        return 70;
    }
    if (specsplit) {
        csv_set_space_func(&parser, no_space);
        csv_set_blk_size(&parser, 1 << 16);
    }
    enum { CHUNK = 1 << 18 };
    char *chunk = malloc(CHUNK);
    struct counts counts = {0, 0};
    unsigned long long bytes = 0;
    ssize_t n;
    while ((n = read(fd, chunk, CHUNK)) > 0) {
        bytes += (unsigned long long)n;
        if (csv_parse(&parser, chunk, (size_t)n, on_field, on_row, &counts) != (size_t)n) {
            fprintf(stderr, "csvcount: %s: %s\n", path, csv_strerror(csv_error(&parser)));
            return 65;
        }
    }
    if (n < 0) {
        fprintf(stderr, "csvcount: %s: %s\n", path, strerror(errno));
        return 74;
    }
    if (csv_fini(&parser, on_field, on_row, &counts) != 0) {
        fprintf(stderr, "csvcount: %s: %s\n", path, csv_strerror(csv_error(&parser)));
        return 65;
    }
    csv_free(&parser);
    free(chunk);
    close(fd);
    printf("rows %llu fields %llu bytes %llu\n", counts.rows, counts.fields, bytes);
    return 0;
}
