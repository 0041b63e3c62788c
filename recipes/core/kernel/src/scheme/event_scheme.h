/* event: — Redox's event queues. open("event:") creates a queue; writing struct mh_event
 * records makes it watch the descriptors they name (flags 0 stops watching); reading returns
 * the conditions that arose (scheme/events.h). */
#ifndef KERNEL_EVENT_SCHEME_H
#define KERNEL_EVENT_SCHEME_H

#include "scheme/scheme.h"

extern struct scheme event_scheme;

#endif
