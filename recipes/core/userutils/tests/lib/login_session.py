#!/usr/bin/env python3
"""Drives MACROHARD's serial console through logins and shell sessions for qemu-login.sh.

Usage: login_session.py SOCKET PHASE
  SOCKET  QEMU's serial console as a listening unix socket
  PHASE   "first" (the full session script) or "second" (after a reboot: what the first
          boot wrote must still be there)

Prints one "ok" or "FAIL" line per check and "N passed, N failed"; exits 0 when every check
passed, 1 when some failed, 2 on a timeout or a lost connection (the caller then shows the
serial log). Input is sent with "\\n" for Enter; the console may or may not echo what
is typed, and may end lines with "\\r\\n": both are accepted.
"""
import re
import socket
import sys
import time

BOOT_SECONDS = 300
STEP_SECONDS = 90
# The end of every command's output: typed as @@""END so that an echo of the typed line does
# not look like it.
MARKER = re.compile(rb'@@END (\d+)\r?\n')
PROMPT = re.compile(rb'[#$] $')
LOGIN = re.compile(rb'login: $')


class Timeout(Exception):
    pass


class Console:
    def __init__(self, path):
        self.socket = socket.socket(socket.AF_UNIX)
        deadline = time.time() + 30
        while True:
            try:
                self.socket.connect(path)
                break
            except OSError:
                if time.time() > deadline:
                    raise
                time.sleep(0.2)
        self.pending = b''

    def expect(self, pattern, seconds=STEP_SECONDS):
        """Reads until pattern matches; returns (text before the match, match)."""
        deadline = time.time() + seconds
        while True:
            match = pattern.search(self.pending)
            if match:
                before = self.pending[:match.start()]
                self.pending = self.pending[match.end():]
                return before, match
            left = deadline - time.time()
            if left <= 0:
                raise Timeout(f'no {pattern.pattern!r} within {seconds} s; last output: '
                              f'{self.pending[-300:]!r}')
            self.socket.settimeout(left)
            try:
                data = self.socket.recv(4096)
            except socket.timeout:
                continue
            if not data:
                raise Timeout('the console closed')
            self.pending += data

    def send(self, text):
        self.socket.sendall(text.encode())

    def run(self, command, seconds=STEP_SECONDS):
        """Runs a shell command; returns (its output without an echo of the line, exit status)."""
        self.send(command + '; echo "@@""END $?"\n')
        before, match = self.expect(MARKER, seconds)
        self.expect(PROMPT, seconds)
        text = before.decode(errors='replace').replace('\r', '')
        typed = command + '; echo "@@""END $?"\n'
        if text.startswith(typed):
            text = text[len(typed):]
        return text, int(match.group(1))


class Checks:
    """Counts checks and prints each one."""

    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, ok, what, detail=''):
        if ok:
            self.passed += 1
            print(f'ok - {what}', flush=True)
        else:
            self.failed += 1
            print(f'FAIL - {what}{": " + detail if detail else ""}', flush=True)


def login(console, user, password):
    """Logs in from a login prompt already read; returns the text up to the shell prompt."""
    console.send(user + '\n')
    if password is not None:
        console.expect(re.compile(rb'Password: '))
        console.send(password + '\n')
    before, _ = console.expect(PROMPT, STEP_SECONDS)
    return before.decode(errors='replace')


def output_is(checks, console, command, expected, what=None, status=0):
    text, got_status = console.run(command)
    checks.check(text == expected and got_status == status, what or command,
                 f'expected {expected!r} (status {status}), got {text!r} (status {got_status})')
    return text


def output_matches(checks, console, command, pattern, what=None):
    text, status = console.run(command)
    checks.check(re.fullmatch(pattern, text, re.S) is not None and status == 0, what or command,
                 f'expected /{pattern}/, got {text!r} (status {status})')
    return text


def logout(console):
    console.send('exit\n')
    console.expect(LOGIN)


def root_session(checks, console):
    output_is(checks, console, 'id', 'uid=0(root) gid=0(root) groups=0(root)\n')
    output_is(checks, console, 'whoami', 'root\n')
    output_is(checks, console, 'pwd', '/root\n', 'login starts in the home directory')
    output_is(checks, console, 'echo "$HOME $USER $LOGNAME $SHELL $PATH"',
              '/root root root /usr/bin/sh /usr/bin:/bin\n', 'login sets the environment')
    # Files and directories on RedoxFS.
    output_is(checks, console, 'rm -rf /tmp/t; mkdir -p /tmp/t/a/b && echo hello > /tmp/t/a/b/f '
              '&& echo more >> /tmp/t/a/b/f && cat /tmp/t/a/b/f', 'hello\nmore\n',
              'mkdir -p, > and >> redirections, cat')
    output_is(checks, console, 'cat < /tmp/t/a/b/f | head -n 1', 'hello\n', '< redirection into a pipeline')
    output_is(checks, console, 'cp -r /tmp/t/a /tmp/t/c && ls /tmp/t/c/b && cat /tmp/t/c/b/f',
              'f\nhello\nmore\n', 'cp -r')
    output_is(checks, console, 'mv /tmp/t/c /tmp/t/d && ls /tmp/t', 'a  d\n', 'mv; ls in columns on the terminal')
    output_is(checks, console, 'rm -r /tmp/t/d && ls -a1 /tmp/t', '.\n..\na\n', 'rm -r, ls -a -1')
    output_matches(checks, console, 'ls -l /tmp/t/a/b', r'total \d+\n-rw-r--r-- 1 root root 11 '
                   r'[A-Z][a-z]{2} [ 123]\d (\d\d:\d\d| \d{4}) f\n', 'ls -l shows mode, owner and size')
    output_is(checks, console, 'ln -s /tmp/t/a/b/f /tmp/t/link && cat /tmp/t/link && rmdir /tmp/t/a 2>/tmp/t/err; echo $?',
              'hello\nmore\n1\n', 'ln -s; rmdir refuses a non-empty directory')
    output_is(checks, console, 'wc -l < /tmp/t/a/b/f; wc -c /tmp/t/a/b/f', '2\n11 /tmp/t/a/b/f\n', 'wc')
    # The current directory reaches the programs the shell runs.
    output_is(checks, console, 'cd /tmp/t/a/b && ls && cat f | head -n 1 && sh -c pwd; cd /root',
              'f\nhello\n/tmp/t/a/b\n', 'cd, then ls, relative paths and a new shell see the directory')
    # Device files: links from the root filesystem to the null:, zero: and rand: schemes.
    output_is(checks, console, 'cat /dev/zero | head -c 16 | wc -c', '16\n', '/dev/zero reads zeros')
    output_is(checks, console, 'echo x > /dev/null; echo $?; cat /dev/null | wc -c', '0\n0\n',
              '/dev/null takes writes and reads empty')
    output_is(checks, console, 'head -c 8 /dev/urandom | wc -c', '8\n', '/dev/urandom reads random bytes')
    output_matches(checks, console, 'ls -l /dev',
                   r'total \d+\n(.*\n)*l[rwx-]{9} .* null -> /scheme/null\n(.*\n)*'
                   r'l[rwx-]{9} .* urandom -> /scheme/rand\n(.*\n)*l[rwx-]{9} .* zero -> /scheme/zero\n',
                   'ls -l /dev shows the device links')
    output_is(checks, console, 'touch /tmp/t/new && chmod 640 /tmp/t/new && ls -l /tmp/t/new | head -c 10; echo',
              '-rw-r-----\n', 'touch, chmod')
    # Pipelines.
    output_is(checks, console, 'echo piped text | cat | cat', 'piped text\n', 'echo | cat | cat')
    text, _ = console.run('ls /usr/bin | wc -l; set -- /usr/bin/*; echo $#')
    counts = text.split()
    checks.check(len(counts) == 2 and counts[0] == counts[1] and int(counts[0]) > 20,
                 'ls | wc -l counts the programs in /usr/bin', repr(text))
    # fork, exec, wait, exit statuses.
    output_is(checks, console, "false; echo $?; true; echo $?; sh -c 'exit 7'; echo $?",
              '1\n0\n7\n', 'exit statuses through $?')
    output_is(checks, console, 'nonexistent-program 2>/tmp/t/err; echo $?', '127\n', 'a missing program is 127')
    # Signals.
    output_is(checks, console, "sh -c 'kill -TERM $$; echo not reached'; echo $?", 'Terminated\n143\n',
              'kill -TERM ends a process; wait reports the signal')
    # The job is killed once it runs sleep: until its exec the forked shell may still ignore
    # SIGTERM as the interactive shell does (dash resets that in the child, after the fork).
    output_is(checks, console, 'sleep 100 & until [ -n "$(ps | while read p pp g s c; do '
              '[ "$p $c" = "$! sleep" ] && echo y; done)" ]; do sleep 1; done; '
              'kill -TERM $!; wait $!; echo $?', 'Terminated\n143\n', 'kill -TERM ends a background sleep')
    interrupt_foreground(checks, console)
    session_and_terminal(checks, console)
    output_is(checks, console, "sh -c 'trap \"echo caught USR1\" USR1; kill -USR1 $$; echo after'",
              'caught USR1\nafter\n', 'trap in dash')
    # Environment.
    output_is(checks, console, "export FOO=bar; sh -c 'echo $FOO'; env FOO=baz sh -c 'echo $FOO'; env -i A=1",
              'bar\nbaz\nA=1\n', 'export, env')
    # Time.
    output_is(checks, console, 'date -u -d @0', 'Thu Jan  1 00:00:00 UTC 1970\n')
    text, _ = console.run('a=$(date +%s); sleep 2; b=$(date +%s); echo $((b - a)); date +%Y')
    lines = text.split()
    checks.check(len(lines) == 2 and lines[0] in ('2', '3') and int(lines[1]) >= 2024,
                 'sleep 2 takes two seconds of date; the year is current', repr(text))
    # The system.
    output_is(checks, console, 'uname -a', 'MACROHARD macrohard 0.1.0 MACROHARD microkernel x86_64\n')
    output_matches(checks, console, 'ps', r'  PID  PPID  PGID S CMD\n(.*\n)*\s+1\s.*init.*\n(.*\n)*.*getty.*\n(.*\n)*',
                   'ps lists init, getty and the others')
    output_is(checks, console, "lua -e 'print(2^10)'", '1024.0\n', 'lua')
    # The pager: a screenful, then the rest after a key.
    console.run('i=1; while [ $i -le 30 ]; do echo line$i; i=$((i + 1)); done > /tmp/t/lines')
    console.send('more /tmp/t/lines; echo "@@""END $?"\n')
    before, _ = console.expect(re.compile(rb'--More--'))
    first_page = before.decode(errors='replace')
    checks.check('line23\n' in first_page.replace('\r', '') and 'line24' not in first_page,
                 'more stops after 23 lines', repr(first_page[-80:]))
    console.send(' ')
    rest, match = console.expect(MARKER)
    console.expect(PROMPT)
    checks.check('line30' in rest.decode(errors='replace') and match.group(1) == b'0',
                 'more shows the rest after a key', repr(rest[-80:]))
    output_is(checks, console, 'echo persisted across sessions > /root/note; cat /root/note',
              'persisted across sessions\n', 'a file in /root')


def interrupt_foreground(checks, console):
    """^C while a foreground sleep runs: the terminal's foreground group gets SIGINT, the
    sleep ends (status 130, well before its 30 s) and the shell carries on. An interactive
    shell drops the rest of an interrupted line, so the status is asked for on the next one."""
    console.send('sleep 30\n')
    time.sleep(3)  # time to start the sleep; ^C typed before it would end the shell's line instead
    console.send('\x03')
    console.expect(PROMPT, 20)
    output_is(checks, console, 'echo $?', '130\n', '^C ends a foreground sleep with status 130')
    output_is(checks, console, 'echo still here', 'still here\n', 'the shell survives ^C')


def session_and_terminal(checks, console):
    """The login shell leads a session whose controlling terminal is the console: /dev/tty
    reaches it, and a background job that reads it is stopped by SIGTTIN (dash's job control)
    until killed."""
    output_matches(checks, console, 'ls -l /dev/tty', r'l[rwx-]{9} .* /dev/tty -> /scheme/tty\n',
                   '/dev/tty is a link to the tty: scheme')
    output_is(checks, console, 'echo hi > /dev/tty', 'hi\n', 'echo hi > /dev/tty prints on the console')
    output_is(checks, console, 'sh -c "echo via tty >/dev/tty" </dev/null >/dev/null 2>&1; echo $?', 'via tty\n0\n',
              'a child with no terminal descriptors still opens /dev/tty')
    text, _ = console.run('cat & sleep 2; jobs')
    checks.check(re.search(r'\[1\] \+ Stopped.*\bcat\b', text) is not None,
                 'a background cat reading the terminal is stopped (jobs: Stopped)', repr(text))
    # dash reports the job's end once, at the first `jobs` after it noticed it.
    killed, _ = console.run('kill -KILL %1; sleep 1; jobs')
    reported, _ = console.run('jobs')
    checks.check(re.search(r'\[1\] \+ Killed\s+cat\n', killed + reported) is not None,
                 'the stopped job can be killed (jobs: Killed)', repr(killed + reported))
    output_is(checks, console, 'jobs; echo none', 'none\n', 'no job is left')


def user_session(checks, console):
    # The installer writes no group for `user` (gid 1000 has no name in /etc/group yet).
    output_matches(checks, console, 'id', r'uid=1000\(user\) gid=1000(\(user\))? groups=1000(\(user\))?(,1\(sudo\))?\n')
    output_is(checks, console, 'whoami', 'user\n')
    output_is(checks, console, 'pwd; echo $HOME', '/home/user\n/home/user\n')
    output_is(checks, console, 'echo mine > ~/file && cat ~/file && ls -l ~/file | head -c 10; echo',
              'mine\n-rw-r--r--\n', 'user writes in the home directory')
    output_matches(checks, console, 'ls -l ~/file', r'-rw-r--r-- 1 user (user|1000) 5 .*\n', 'the new file is the user\'s')
    output_is(checks, console, 'if (echo x > /root/forbidden) 2>/dev/null; then echo written; else echo refused; fi',
              'refused\n', 'user cannot write /root')
    output_is(checks, console, 'if cat /etc/shadow >/dev/null 2>&1; then echo read; else echo refused; fi',
              'refused\n', 'user cannot read /etc/shadow')
    output_is(checks, console, 'if cd /root 2>/dev/null; then echo entered; else echo refused; fi; pwd',
              'refused\n/home/user\n', 'user cannot enter /root')


def first_boot(checks, console):
    console.expect(LOGIN, BOOT_SECONDS)
    # A wrong password: refused after a pause, and a new prompt.
    console.send('root\n')
    console.expect(re.compile(rb'Password: '))
    console.send('wrong password\n')
    before, _ = console.expect(LOGIN)
    checks.check(b'Login incorrect' in before, 'a wrong password is refused', repr(before[-100:]))
    console.send('nobody\n')
    console.expect(re.compile(rb'Password: '))
    console.send('password\n')
    before, _ = console.expect(LOGIN)
    checks.check(b'Login incorrect' in before, 'an unknown user is refused', repr(before[-100:]))

    login(console, 'root', 'password')
    checks.check(True, 'root logs in with its password')
    root_session(checks, console)
    logout(console)
    checks.check(True, 'logging out gives a new login prompt')

    login(console, 'user', None)
    checks.check(True, 'user logs in without a password')
    user_session(checks, console)
    logout(console)

    login(console, 'root', 'password')
    output_is(checks, console, 'cat /root/note', 'persisted across sessions\n',
              'a file written in the first session is there in the next')
    console.send('exit\n')
    console.expect(LOGIN)


def second_boot(checks, console):
    console.expect(LOGIN, BOOT_SECONDS)
    login(console, 'root', 'password')
    output_is(checks, console, 'cat /root/note /tmp/t/a/b/f', 'persisted across sessions\nhello\nmore\n',
              'files written in the first boot are there after a reboot')
    console.send('exit\n')
    console.expect(LOGIN)


def main():
    if len(sys.argv) != 3 or sys.argv[2] not in ('first', 'second'):
        print(__doc__, file=sys.stderr)
        return 2
    console = Console(sys.argv[1])
    checks = Checks()
    try:
        (first_boot if sys.argv[2] == 'first' else second_boot)(checks, console)
    except Timeout as error:
        print(f'FAIL - timeout: {error}', flush=True)
        print(f'{checks.passed} passed, {checks.failed + 1} failed')
        return 2
    print(f'{checks.passed} passed, {checks.failed} failed')
    return 0 if checks.failed == 0 else 1


if __name__ == '__main__':
    sys.exit(main())
