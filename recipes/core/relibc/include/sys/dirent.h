/* Directory entries for <dirent.h> (newlib's generic header refuses to compile). A Redox
 * directory read through its descriptor yields the names, one per line; readdir() hands them
 * out one struct dirent at a time. */
#ifndef _SYS_DIRENT_H
#define _SYS_DIRENT_H
#ifdef __cplusplus
extern "C" {
#endif
#include <sys/types.h>
#include <sys/syslimits.h>

#define MAXNAMLEN 255

#define DT_UNKNOWN 0
#define DT_FIFO 1
#define DT_CHR 2
#define DT_DIR 4
#define DT_BLK 6
#define DT_REG 8
#define DT_LNK 10
#define DT_SOCK 12

struct dirent {
    ino_t d_ino;             /* 0 when the scheme does not tell */
    off_t d_off;             /* position of the next entry (for telldir) */
    unsigned short d_reclen; /* sizeof(struct dirent) */
    unsigned char d_type;    /* DT_UNKNOWN when the scheme does not tell */
    char d_name[MAXNAMLEN + 1];
};

typedef struct __mh_dir DIR;

#ifdef __cplusplus
}
#endif
#endif
