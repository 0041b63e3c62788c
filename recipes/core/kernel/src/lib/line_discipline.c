#include "line_discipline.h"

#define MARK_NONE 0
#define MARK_LINE 1 /* the byte ends a line and is returned (newline, VEOL) */
#define MARK_EOF 2  /* a placeholder for VEOF: ends a line, never returned */

#define CONTROL(letter) ((uint8_t)((letter) & 0x1f))
#define DELETE 0x7f
#define BACKSPACE 0x08

static const struct mh_termios default_termios = {
    .c_iflag = MH_ICRNL,
    .c_oflag = MH_OPOST | MH_ONLCR,
    .c_cflag = MH_B115200 | MH_CS8 | MH_CREAD,
    .c_lflag = MH_ISIG | MH_ICANON | MH_IEXTEN | MH_ECHO | MH_ECHOE | MH_ECHOK,
    .c_cc = {
        [MH_VEOF] = CONTROL('D'),
        [MH_VERASE] = DELETE,
        [MH_VWERASE] = CONTROL('W'),
        [MH_VKILL] = CONTROL('U'),
        [MH_VREPRINT] = CONTROL('R'),
        [MH_VINTR] = CONTROL('C'),
        [MH_VQUIT] = CONTROL('\\'),
        [MH_VSUSP] = CONTROL('Z'),
        [MH_VSTART] = CONTROL('Q'),
        [MH_VSTOP] = CONTROL('S'),
        [MH_VLNEXT] = CONTROL('V'),
        [MH_VDISCARD] = CONTROL('O'),
        [MH_VMIN] = 1,
        [MH_VTIME] = 0,
    },
};

void ld_init(struct line_discipline *ld, ld_emit_fn *emit, void *emit_context)
{
    ld->termios = default_termios;
    ld->queue_start = ld->queue_used = ld->lines_ready = 0;
    ld->line_length = 0;
    ld->emit = emit;
    ld->emit_context = emit_context;
}

/* A control character slot holding 0 is disabled (_POSIX_VDISABLE). */
static bool is_special(const struct line_discipline *ld, int index, uint8_t byte)
{
    return ld->termios.c_cc[index] != 0 && ld->termios.c_cc[index] == byte;
}

static bool lflag(const struct line_discipline *ld, uint32_t flag)
{
    return (ld->termios.c_lflag & flag) != 0;
}

void ld_output(struct line_discipline *ld, const char *bytes, size_t length)
{
    uint32_t oflag = ld->termios.c_oflag;
    if (!(oflag & MH_OPOST) || !(oflag & (MH_ONLCR | MH_OCRNL))) {
        ld->emit(ld->emit_context, bytes, length);
        return;
    }
    size_t start = 0;
    for (size_t i = 0; i < length; i++) {
        if (bytes[i] == '\n' && (oflag & MH_ONLCR)) {
            ld->emit(ld->emit_context, bytes + start, i - start);
            ld->emit(ld->emit_context, "\r\n", 2);
            start = i + 1;
        } else if (bytes[i] == '\r' && (oflag & MH_OCRNL)) {
            ld->emit(ld->emit_context, bytes + start, i - start);
            ld->emit(ld->emit_context, "\n", 1);
            start = i + 1;
        }
    }
    ld->emit(ld->emit_context, bytes + start, length - start);
}

static bool is_control(uint8_t byte)
{
    return (byte < 0x20 && byte != '\n' && byte != '\t') || byte == DELETE;
}

/* Echoes a typed character; control characters show as ^X. */
static void echo_char(struct line_discipline *ld, uint8_t byte)
{
    if (is_control(byte)) {
        char shown[2] = {'^', (char)(byte ^ 0x40)};
        ld_output(ld, shown, 2);
    } else {
        char plain = (char)byte;
        ld_output(ld, &plain, 1);
    }
}

/* Removes the last character of the line being edited from the screen and the line. */
static void erase_last(struct line_discipline *ld)
{
    if (ld->line_length == 0)
        return;
    uint8_t erased = (uint8_t)ld->line[--ld->line_length];
    if (!lflag(ld, MH_ECHO))
        return;
    if (lflag(ld, MH_ECHOE)) {
        for (int column = is_control(erased) ? 2 : 1; column > 0; column--)
            ld_output(ld, "\b \b", 3);
    } else {
        echo_char(ld, ld->termios.c_cc[MH_VERASE]);
    }
}

static void erase_word(struct line_discipline *ld)
{
    while (ld->line_length > 0 && (ld->line[ld->line_length - 1] == ' ' || ld->line[ld->line_length - 1] == '\t'))
        erase_last(ld);
    while (ld->line_length > 0 && ld->line[ld->line_length - 1] != ' ' && ld->line[ld->line_length - 1] != '\t')
        erase_last(ld);
}

static void kill_line(struct line_discipline *ld, uint8_t kill)
{
    if (lflag(ld, MH_ECHO) && lflag(ld, MH_ECHOE)) {
        while (ld->line_length > 0)
            erase_last(ld);
        return;
    }
    ld->line_length = 0;
    if (lflag(ld, MH_ECHO) && lflag(ld, MH_ECHOK)) {
        echo_char(ld, kill);
        ld_output(ld, "\n", 1);
    }
}

static void queue_push(struct line_discipline *ld, char byte, uint8_t mark)
{
    size_t at = (ld->queue_start + ld->queue_used) % LD_QUEUE_SIZE;
    ld->queue[at] = byte;
    ld->mark[at] = mark;
    ld->queue_used++;
    if (mark != MARK_NONE)
        ld->lines_ready++;
}

/* Makes the edited line readable, ended by terminator (a returned byte or a VEOF placeholder).
 * A line that does not fit the queue is dropped: readers are far behind. */
static void end_line(struct line_discipline *ld, char terminator, uint8_t mark)
{
    if (LD_QUEUE_SIZE - ld->queue_used >= ld->line_length + 1) {
        for (size_t i = 0; i < ld->line_length; i++)
            queue_push(ld, ld->line[i], MARK_NONE);
        queue_push(ld, terminator, mark);
    }
    ld->line_length = 0;
}

void ld_flush_input(struct line_discipline *ld)
{
    ld->queue_start = ld->queue_used = ld->lines_ready = 0;
    ld->line_length = 0;
}

static int signal_for(const struct line_discipline *ld, uint8_t byte)
{
    if (!lflag(ld, MH_ISIG))
        return 0;
    if (is_special(ld, MH_VINTR, byte))
        return MH_SIGINT;
    if (is_special(ld, MH_VQUIT, byte))
        return MH_SIGQUIT;
    if (is_special(ld, MH_VSUSP, byte))
        return MH_SIGTSTP;
    return 0;
}

static void receive_canonical(struct line_discipline *ld, uint8_t byte)
{
    /* Both DEL and backspace erase: serial terminals send either for the erase key. */
    if (is_special(ld, MH_VERASE, byte) || byte == BACKSPACE || byte == DELETE) {
        erase_last(ld);
    } else if (lflag(ld, MH_IEXTEN) && is_special(ld, MH_VWERASE, byte)) {
        erase_word(ld);
    } else if (is_special(ld, MH_VKILL, byte)) {
        kill_line(ld, byte);
    } else if (is_special(ld, MH_VEOF, byte)) {
        end_line(ld, (char)byte, MARK_EOF);
    } else if (byte == '\n' || is_special(ld, MH_VEOL, byte) || is_special(ld, MH_VEOL2, byte)) {
        if (lflag(ld, MH_ECHO) || (byte == '\n' && lflag(ld, MH_ECHONL)))
            echo_char(ld, byte);
        end_line(ld, (char)byte, MARK_LINE);
    } else if (ld->line_length < LD_LINE_LIMIT) {
        ld->line[ld->line_length++] = (char)byte;
        if (lflag(ld, MH_ECHO))
            echo_char(ld, byte);
    }
}

int ld_receive(struct line_discipline *ld, uint8_t byte)
{
    uint32_t iflag = ld->termios.c_iflag;
    if (iflag & MH_ISTRIP)
        byte &= 0x7f;
    if (byte == '\r') {
        if (iflag & MH_IGNCR)
            return 0;
        if (iflag & MH_ICRNL)
            byte = '\n';
    } else if (byte == '\n' && (iflag & MH_INLCR)) {
        byte = '\r';
    }
    int signal = signal_for(ld, byte);
    if (signal != 0) {
        if (!lflag(ld, MH_NOFLSH))
            ld_flush_input(ld);
        if (lflag(ld, MH_ECHO))
            echo_char(ld, byte);
        return signal;
    }
    if (lflag(ld, MH_ICANON)) {
        receive_canonical(ld, byte);
    } else if (ld->queue_used < LD_QUEUE_SIZE) {
        queue_push(ld, (char)byte, MARK_NONE);
        if (lflag(ld, MH_ECHO))
            echo_char(ld, byte);
    }
    return 0;
}

bool ld_readable(const struct line_discipline *ld)
{
    if (lflag(ld, MH_ICANON))
        return ld->lines_ready > 0 || ld->queue_used == LD_QUEUE_SIZE;
    return ld->queue_used > 0;
}

size_t ld_pending(const struct line_discipline *ld)
{
    return ld->queue_used;
}

size_t ld_take(struct line_discipline *ld, char *buffer, size_t length)
{
    bool canonical = lflag(ld, MH_ICANON);
    size_t count = 0;
    while (ld->queue_used > 0 && count < length) {
        char byte = ld->queue[ld->queue_start];
        uint8_t mark = ld->mark[ld->queue_start];
        ld->queue_start = (ld->queue_start + 1) % LD_QUEUE_SIZE;
        ld->queue_used--;
        if (mark != MARK_NONE)
            ld->lines_ready--;
        if (mark != MARK_EOF)
            buffer[count++] = byte;
        if (canonical && mark != MARK_NONE)
            break;
    }
    return count;
}

void ld_set_termios(struct line_discipline *ld, const struct mh_termios *termios)
{
    bool was_canonical = lflag(ld, MH_ICANON);
    ld->termios = *termios;
    if (was_canonical && !lflag(ld, MH_ICANON)) {
        /* The half-typed line becomes plain input. */
        for (size_t i = 0; i < ld->line_length && ld->queue_used < LD_QUEUE_SIZE; i++)
            queue_push(ld, ld->line[i], MARK_NONE);
        ld->line_length = 0;
    }
}
