/* MACROHARD's sizes for the POSIX types newlib leaves to the machine. They follow relibc on
 * Redox (and the kernel's 64-bit inode and device numbers): newlib's defaults are 16-bit
 * inode, user and group numbers, too small for RedoxFS and Redox's account files. */
#ifndef _MACHINE__TYPES_H
#define _MACHINE__TYPES_H
#include <machine/_default_types.h>

#define __machine_dev_t_defined
typedef long __dev_t;

#define __machine_ino_t_defined
typedef unsigned long long __ino_t;

#define __machine_uid_t_defined
typedef int __uid_t;

#define __machine_gid_t_defined
typedef int __gid_t;

#endif
