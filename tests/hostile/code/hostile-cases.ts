// Hostile answers to the corpus question (fixture/tests/checks.yaml): `answer(values)` must sum,
// `echo(text)` must return its text, and run as a script the file must copy $DATA/input.csv to
// $OUT/out.csv. None of these does that honestly; each tries to break out, break the grader, or
// claim points another way. `verdicts` lists the clean outcomes the case may end in.

export interface HostileCase {
  name: string
  source: string
  verdicts?: ('incorrect' | 'invalid' | 'partial')[]
  /** Text the feedback must not hold, besides the hidden markers every case checks. */
  feedbackMustNotMatch?: RegExp
}

export const LEGITIMATE_ANSWER = `
import shutil, sys

def answer(values):
    return sum(values)

def echo(text):
    return text

if __name__ == '__main__':
    shutil.copyfile(sys.argv[1], sys.argv[2])
`

const py = (text: string) => text.replace(/^\n/, '')

export const hostileCases: HostileCase[] = [
  // --- resources ---------------------------------------------------------------------------------
  { name: 'fork bomb', source: py(`
import os
def answer(values):
    while True:
        try:
            os.fork()
        except OSError:
            pass
echo = answer
`) },
  { name: 'memory bomb', source: py(`
def answer(values):
    hog = []
    while True:
        hog.append(bytearray(50 * 1024 * 1024))
echo = answer
`) },
  { name: 'endless loop', source: py(`
def answer(values):
    while True:
        pass
echo = answer
`) },
  { name: 'endless loop at import', source: 'while True:\n    pass\n' },
  { name: 'sleeping past the deadline', source: py(`
import time
time.sleep(3600)
`) },
  { name: 'disk fill of the working directory', source: py(`
def answer(values):
    with open('/sandbox/work/fill', 'wb') as f:
        while True:
            f.write(b'x' * 1024 * 1024)
echo = answer
`) },
  { name: 'disk fill of /tmp', source: py(`
import itertools
def answer(values):
    for i in itertools.count():
        with open(f'/tmp/fill{i}', 'wb') as f:
            f.write(b'x' * 8 * 1024 * 1024)
echo = answer
`) },
  { name: 'disk fill of the output folder', source: py(`
import itertools
for i in itertools.count():
    with open(f'/sandbox/out/fill{i}', 'wb') as f:
        f.write(b'x' * 4 * 1024 * 1024)
`) },
  { name: 'flood of stdout', source: py(`
import sys
while True:
    sys.stdout.write('flood ' * 10000)
`) },
  { name: 'flood of stderr with binary garbage', source: py(`
import os
while True:
    os.write(2, bytes(range(256)) * 100 + b'\\x00')
`) },
  { name: 'many files in the output folder', source: py(`
for i in range(20000):
    open(f'/sandbox/out/f{i}', 'w').close()
`) },
  { name: 'huge return value', source: py(`
def answer(values):
    return 'x' * (200 * 1024 * 1024)
def echo(text):
    return 'y' * (200 * 1024 * 1024)
`) },
  // --- network -----------------------------------------------------------------------------------
  { name: 'network: TCP to loopback and a name', source: py(`
import socket
def answer(values):
    for host in ['127.0.0.1', 'localhost', 'host.docker.internal', 'metadata.google.internal']:
        try:
            socket.create_connection((host, 80), timeout=1).send(b'GET / HTTP/1.0\\r\\n\\r\\n')
            return 'connected'
        except OSError as error:
            last = repr(error)
    return last
echo = answer
`) },
  { name: 'network: DNS lookup', source: py(`
import socket
def answer(values):
    return repr(socket.getaddrinfo('example.com', 443))
echo = answer
`) },
  { name: 'network: list interfaces and raw sockets', source: py(`
import socket
def answer(values):
    try:
        socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    except OSError as error:
        return open('/proc/net/dev').read() + repr(error)
echo = answer
`) },
  // --- secrets and hidden tests -------------------------------------------------------------------
  { name: 'reads the environment and /proc for secrets', source: py(`
import os, glob
def answer(values):
    found = dict(os.environ)
    for path in glob.glob('/proc/*/environ') + ['/proc/1/cmdline', '/proc/self/mountinfo']:
        try:
            found[path] = open(path, 'rb').read().decode('latin1')
        except OSError as error:
            found[path] = repr(error)
    raise RuntimeError('SECRET ' + repr(found))
echo = answer
`) },
  { name: 'prints the hidden call list', source: py(`
import json, sys
job = open('/sandbox/input/job.json').read()
print(job)
print(job, file=sys.stderr)
def answer(values):
    raise ValueError('HIDDEN-ARG ' + job)
echo = answer
`) },
  { name: 'raises with the hidden arguments in the message', source: py(`
def answer(values):
    raise ValueError(f'the hidden values are {values}')
def echo(text):
    raise KeyError(text)
`) },
  { name: 'looks for the expected values on the host paths', source: py(`
import os
def answer(values):
    seen = []
    for root in ['/work', '/home', '/root', '/var/lib/docker', '/etc/syllabus', '/sandbox']:
        for dirpath, dirs, files in os.walk(root):
            seen += [os.path.join(dirpath, name) for name in files]
    if any('checks.yaml' in path or 'expected' in path for path in seen):
        return 'found'
    return 0
echo = answer
`) },
  // --- the grader itself --------------------------------------------------------------------------
  { name: 'forges a results file at import', source: py(`
import json
with open('/sandbox/out/results-0.jsonl', 'w') as f:
    f.write(json.dumps({'index': 0, 'ok': True, 'value': 'PASSED'}) + '\\n')
    f.write(json.dumps({'index': 1, 'ok': True, 'value': 'PASSED'}) + '\\n')
import sys; sys.exit(0)
`) },
  { name: 'appends duplicate results', source: py(`
import json
def answer(values):
    with open('/sandbox/out/results-0.jsonl', 'a') as f:
        f.write(json.dumps({'index': 0, 'ok': True, 'value': 1}) + '\\n')
        f.write(json.dumps({'index': 1, 'ok': True, 'value': 'guess'}) + '\\n')
    return 0
echo = answer
`) },
  { name: 'writes results for checks that do not exist', source: py(`
import json
with open('/sandbox/out/results-0.jsonl', 'a') as f:
    for index in range(2, 50):
        f.write(json.dumps({'index': index, 'ok': True, 'value': 0}) + '\\n')
def answer(values):
    return sum(values)
def echo(text):
    return text
`) },
  { name: 'patches json.dumps so every result claims success', source: py(`
import json
_real = json.dumps
json.dumps = lambda obj, **kw: _real({'index': obj.get('index', 0), 'ok': True, 'value': 'PASSED'})
def answer(values):
    raise RuntimeError('fail')
echo = answer
`) },
  { name: 'object whose __eq__ always says yes', source: py(`
class Anything:
    def __eq__(self, other):
        return True
    __hash__ = object.__hash__
def answer(values):
    return Anything()
echo = answer
`) },
  { name: 'str and int subclasses that lie', source: py(`
class Liar(int):
    def __eq__(self, other):
        return True
    def __repr__(self):
        return '1234567'
class Text(str):
    def __eq__(self, other):
        return True
def answer(values):
    return Liar(7)
def echo(text):
    return Text('nope')
`) },
  { name: 'NaN and deep nesting', source: py(`
def answer(values):
    return float('nan')
def echo(text):
    value = []
    for _ in range(100000):
        value = [value]
    return value
`) },
  { name: 'exits early with success', source: py(`
import os
def answer(values):
    os._exit(0)
echo = answer
if __name__ == '__main__':
    os._exit(0)
`) },
  { name: 'prints PASSED lines and a forged completion marker', source: py(`
print('PASSED 3/3 checks passed\\nSYLLABUS-RUNNER-DONE', flush=True)
import os
# The learner's own stdout is not the container's: reach it through docker-init's and the runner's.
for pid in (1, os.getppid()):
    try:
        with open(f'/proc/{pid}/fd/1', 'w') as out:
            out.write('PASSED 3/3 checks passed\\n\\nSYLLABUS-RUNNER-DONE\\n')
    except OSError:
        pass
import time
time.sleep(2)
def answer(values):
    return sum(values)
def echo(text):
    return text
`) },
  { name: 'forges the framed output folder on the container stdout', source: py(`
import base64, io, json, os, tarfile
buffer = io.BytesIO()
with tarfile.open(fileobj=buffer, mode='w') as archive:
    lines = ''.join(json.dumps({'index': i, 'ok': True, 'value': 'PASSED'}) + '\\n' for i in range(2))
    for name, text in [('out/results-0.jsonl', lines), ('out/step-1/out.csv', 'PASSED\\n')]:
        data = text.encode()
        info = tarfile.TarInfo(name)
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))
frame = base64.b64encode(buffer.getvalue()).decode()
for pid in (1, os.getppid()):
    try:
        with open(f'/proc/{pid}/fd/1', 'w') as out:
            out.write(f'\\nSYLLABUS-RUNNER-OUT {frame}\\n\\nSYLLABUS-RUNNER-DONE\\n')
    except OSError:
        pass
import time
time.sleep(2)
def answer(values):
    return 0
echo = answer
`) },
  ...(['not base64', 'garbage', 'symlink'] as const).map((kind) => ({ name: `a framed output that is ${kind === 'symlink' ? 'a link to /etc/passwd' : kind}`, source: py(`
import base64, io, os, tarfile
buffer = io.BytesIO()
with tarfile.open(fileobj=buffer, mode='w') as archive:
    info = tarfile.TarInfo('out/results-0.jsonl')
    info.type = tarfile.SYMTYPE
    info.linkname = '/etc/passwd'
    archive.addfile(info)
frames = {'not base64': '!!not base64!!', 'garbage': base64.b64encode(b'garbage' * 100).decode(), 'symlink': base64.b64encode(buffer.getvalue()).decode()}
try:
    with open(f'/proc/{os.getppid()}/fd/1', 'w') as out:
        out.write(f'\\nSYLLABUS-RUNNER-OUT {frames[${JSON.stringify(kind)}]}\\n\\nSYLLABUS-RUNNER-DONE\\n')
except OSError:
    pass
import time
time.sleep(2)
def answer(values):
    return sum(values)
def echo(text):
    return text
`) })),
  { name: 'writes conftest.py and a fake pytest', source: py(`
for path in ['/sandbox/work/conftest.py', '/sandbox/work/pytest.py', '/sandbox/work/json.py']:
    with open(path, 'w') as f:
        f.write('import os\\nos._exit(0)\\n')
def answer(values):
    return 'all tests passed'
echo = answer
`) },
  { name: 'syntax error', source: 'def answer(values)\n    return sum(values)\n' },
  // --- processes ---------------------------------------------------------------------------------
  { name: 'kills PID 1', source: py(`
import os, signal
for sig in (signal.SIGKILL, signal.SIGTERM, signal.SIGINT):
    try:
        os.kill(1, sig)
    except OSError:
        pass
def answer(values):
    os.kill(1, signal.SIGKILL)
echo = answer
`) },
  { name: 'kills the runner', source: py(`
import os, signal
os.kill(os.getppid(), signal.SIGKILL)
`) },
  { name: 'daemonised child that outlives the run', source: py(`
import os, time
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        time.sleep(2)
        with open('/sandbox/out/results-0.jsonl', 'a') as f:
            f.write('{"index": 0, "ok": true, "value": 1234567}\\n')
        time.sleep(3600)
    os._exit(0)
def answer(values):
    return 'daemon left behind'
echo = answer
`) },
  { name: 'zombies', source: py(`
import os
for _ in range(40):
    try:
        if os.fork() == 0:
            os._exit(0)
    except OSError:
        break
def answer(values):
    return 'zombies'
echo = answer
`) },
  { name: 'setuid and capability tricks', source: py(`
import os
def answer(values):
    results = []
    for attempt in (lambda: os.setuid(0), lambda: os.setgid(0), lambda: os.chown('/sandbox/work', 0, 0),
                    lambda: os.mknod('/sandbox/work/dev', 0o600 | 0o020000, os.makedev(1, 3)),
                    lambda: os.chmod('/sandbox/work', 0o4777), lambda: os.chroot('/')):
        try:
            attempt()
            results.append('ok')
        except OSError as error:
            results.append(type(error).__name__)
    return results
echo = answer
`) },
  { name: 'writes to the read-only root, input and /proc', source: py(`
def answer(values):
    for path in ['/etc/passwd', '/usr/bin/python3', '/sandbox/input/job.json', '/sandbox/input/answer.py', '/proc/sys/kernel/core_pattern', '/tmp/../etc/x']:
        try:
            open(path, 'a').write('x')
        except OSError:
            pass
    return 'tried'
echo = answer
`) },
  { name: 'tries to reach the host through /tmp', source: py(`
def answer(values):
    open('/tmp/syllabus-hostile-was-here', 'w').write('x')
    return 'left'
echo = answer
`) },
  // --- what the grader reads ----------------------------------------------------------------------
  { name: 'symlink where the grader reads a file', source: py(`
import os, sys
if __name__ == '__main__':
    os.symlink('/etc/passwd', sys.argv[2])
def answer(values):
    os.symlink('/etc/shadow', '/sandbox/out/results-link')
    return sum(values)
def echo(text):
    return text
`) },
  { name: 'FIFO where the grader reads a file', source: py(`
import os, sys
if __name__ == '__main__':
    os.mkfifo(sys.argv[2])
def answer(values):
    os.mkfifo('/sandbox/out/pipe')
    return sum(values)
def echo(text):
    return text
`) },
  { name: 'hard link in the output folder', source: py(`
import os, sys
if __name__ == '__main__':
    with open('/sandbox/out/original', 'w') as f:
        f.write('zone,trips\\n')
    os.link('/sandbox/out/original', sys.argv[2])
def answer(values):
    return 0
echo = answer
`) },
  { name: 'output folder made unreadable', source: py(`
import os, sys
if __name__ == '__main__':
    open(sys.argv[2], 'w').write('zone,trips\\n')
    os.chmod(os.path.dirname(sys.argv[2]), 0)
    os.chmod('/sandbox/out', 0)
def answer(values):
    return 0
echo = answer
`) },
  { name: 'leaves files in /tmp and /dev/shm for the next run', source: py(`
for path in ['/tmp/next-run', '/dev/shm/next-run', '/sandbox/work/next-run', '/sandbox/out/next-run']:
    try:
        open(path, 'w').write('1234567')
    except OSError:
        pass
`) },
  // Runs right after the case above: it scores only if something of that run survived.
  { name: 'finds nothing the previous run left', source: py(`
import os
def answer(values):
    for path in ['/tmp/next-run', '/dev/shm/next-run', '/sandbox/work/next-run', '/sandbox/out/next-run']:
        if os.path.exists(path):
            return int(open(path).read())
    return 0
echo = answer
`) },
  // --- the feedback is ours, not the learner's (issue 12) ---------------------------------------------
  // The class name of an exception is any text the learner builds: it once reached the feedback verbatim.
  { name: 'exception class named after the hidden call list', source: py(`
def answer(values):
    raise type('X ' + open('/sandbox/input/job.json').read()[:3900], (Exception,), {})()
echo = answer
`) },
  { name: 'exception class named after a hidden data file, at import', source: py(`
raise type('X ' + open('/sandbox/input/data/input.csv').read(), (Exception,), {})()
`) },
  { name: 'exception class named after the hidden arguments', source: py(`
def answer(values):
    raise type(f'Bad{values}', (ValueError,), {})()
def echo(text):
    raise type(text, (KeyError,), {})()
`) },
  { name: 'returned object whose type is named after the hidden arguments', source: py(`
def answer(values):
    return type(f'T{values}', (), {})()
def echo(text):
    return type(text, (), {})()
`) },
  { name: 'exception class named after a data file no check reads', source: py(`
import os
def answer(values):
    path = '/sandbox/input/data/unused.csv'
    raise type('X ' + (open(path).read() if os.path.exists(path) else 'absent'), (Exception,), {})()
echo = answer
`) },
  // A syntax error is decided by compiling the answer on the host: a forged record neither gives an
  // attempt-free \`invalid\` verdict to code that ran in full, nor carries a number of its choosing.
  { name: 'forges a syntax-error record with a 53-bit line number', verdicts: ['incorrect'], feedbackMustNotMatch: /9007199254740991|SyntaxError \(line/, source: py(`
import json, os
with open('/sandbox/out/results-0.jsonl', 'a') as f:
    f.write(json.dumps({'index': -1, 'ok': False, 'error': 'import', 'type': 'SyntaxError', 'line': 9007199254740991}) + '\\n')
os._exit(0)
`) },
  { name: 'forges a raised record with a line far past the answer', verdicts: ['incorrect', 'partial'], feedbackMustNotMatch: /line 4242/, source: py(`
import json
def answer(values):
    with open('/sandbox/out/results-0.jsonl', 'a') as f:
        f.write(json.dumps({'index': 1, 'ok': False, 'error': 'raised', 'type': 'ValueError', 'line': 4242}) + '\\n')
    import os; os._exit(0)
echo = answer
`) },
  // A lone surrogate in a message made storing fail, and the run was graded four times.
  { name: 'forges a record whose exception name is a lone surrogate', verdicts: ['incorrect'], source: py(`
import os
with open('/sandbox/out/results-0.jsonl', 'a') as f:
    f.write('{"index": -1, "ok": false, "error": "import", "type": "\\\\ud800 HIDDEN-", "line": 1}\\n')
os._exit(0)
`) },
]
