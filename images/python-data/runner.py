# The sandbox runner: our code, started as the container's command (docker-init is PID 1).
# It runs each step of /sandbox/input/job.json in its own child process, kills whatever a step left
# behind, then prints /sandbox/out as a tar (base64, one line) and the completion marker, and waits.
# When the outputs are too large or odd to frame, only the marker is printed and the grader pauses
# the container and copies /sandbox/out out of it. It decides nothing: every verdict is computed
# outside the container, and the framed tar is read as suspiciously as the folder itself.
# The learner's processes get the container's stderr as their stdout and stderr: the container's
# stdout carries only what this runner writes.
import base64
import ctypes
import io
import json
import os
import signal
import subprocess
import sys
import tarfile  # imported while waiting for the job: off the path to the verdict
import time

INPUT = '/sandbox/input'
OUT = '/sandbox/out'
WORK = '/sandbox/work'
MARKER = 'SYLLABUS-RUNNER-DONE'
# Printed on its own line before each step, with the step's number and the count, so the grader can
# show 'running check 2 of 5' while the learner waits. Only this runner writes to the container's stdout.
STEP = 'SYLLABUS-RUNNER-STEP'
FRAME = 'SYLLABUS-RUNNER-OUT'
# Larger outputs (or more entries) are collected by the grader from the frozen container instead.
FRAME_MAX_BYTES = 1024 * 1024
FRAME_MAX_ENTRIES = 1000


def kill_leftovers():
    # kill(-1) reaches every process this user may signal except PID 1 and this one: daemonised
    # children, process groups that left ours, sleepers. Nothing of a step outlives it.
    try:
        os.kill(-1, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def start_step(argv, pass_fds=()):
    return subprocess.Popen(argv, cwd=WORK, stdin=subprocess.DEVNULL, stdout=2, stderr=2, start_new_session=True, pass_fds=pass_fds)


def prestart_calls(modules):
    # The first call step's process, started while the container waits for its job, importing the
    # question's libraries (this runner's arguments): only the answer's own work is left for the job.
    # It reads nothing of the job before the go (harness.py), so it waits as a fresh process would start.
    go_read, go_write = os.pipe()
    try:
        process = start_step([sys.executable, '-I', '/opt/syllabus/harness.py', '0', str(go_read), *modules], pass_fds=(go_read,))
    except OSError:
        os.close(go_write)
        return None
    finally:
        os.close(go_read)
    return process, go_write


def release(prestarted, go):
    # One byte: run the first step; none (closing the pipe): end without doing anything.
    if prestarted is None:
        return None
    process, go_write = prestarted
    try:
        if go:
            os.write(go_write, b'1')
    finally:
        os.close(go_write)
    if go:
        return process
    process.wait()
    return None


def run_step(index, step, process=None):
    if process is None:
        if step['kind'] == 'calls':
            argv = [sys.executable, '-I', '/opt/syllabus/harness.py', str(index)]
        else:
            # A script step writes its files to its own folder, named in its arguments as $OUT.
            os.makedirs(f'{OUT}/step-{index}', exist_ok=True)
            argv = [sys.executable, '-I', f'{INPUT}/answer.py', *step['args']]
        process = start_step(argv)
    code = process.wait()
    kill_leftovers()
    return {'step': index, 'exitCode': code}


def framed_outputs():
    # Runs after kill_leftovers: no process of the learner is left to change the folder meanwhile.
    # Anything unusual (a link, an unreadable folder, too many or too large files) is not framed:
    # the grader then reads the folder from the frozen container, as it always could.
    try:
        size = 0
        entries = 0
        for folder, folders, files in os.walk(OUT, onerror=_raise):
            for name in folders + files:
                entries += 1
                info = os.lstat(os.path.join(folder, name))
                size += info.st_size
        if entries > FRAME_MAX_ENTRIES or size > FRAME_MAX_BYTES:
            return None
        buffer = io.BytesIO()
        with tarfile.open(fileobj=buffer, mode='w', format=tarfile.PAX_FORMAT) as archive:
            archive.add(OUT, arcname='out', recursive=True)
        if buffer.tell() > FRAME_MAX_BYTES * 2:
            return None
        return base64.b64encode(buffer.getvalue()).decode('ascii')
    except Exception:
        return None


def _raise(error):
    raise error


def wait_for_job():
    # A container started ahead of time (a warm pool) waits here until the grader writes its job;
    # the job is written last and whole (renamed into place), so its presence means all inputs are.
    # It sleeps in the kernel (inotify on the input folder): an idle warm container uses no CPU and
    # wakes the moment the job lands. Polling is the fallback should inotify be unavailable.
    job = f'{INPUT}/job.json'
    if os.path.exists(job):
        return
    try:
        wait_with_inotify(job)
    except OSError:
        while not os.path.exists(job):
            time.sleep(0.05)


IN_CREATE = 0x100
IN_MOVED_TO = 0x80


def wait_with_inotify(job):
    libc = ctypes.CDLL(None, use_errno=True)
    fd = libc.inotify_init1(os.O_CLOEXEC)
    if fd < 0:
        raise OSError(ctypes.get_errno(), 'inotify_init1')
    try:
        if libc.inotify_add_watch(fd, INPUT.encode(), IN_CREATE | IN_MOVED_TO) < 0:
            raise OSError(ctypes.get_errno(), 'inotify_add_watch')
        # Checked after the watch exists, before each blocking read: no wake-up can be missed.
        while not os.path.exists(job):
            os.read(fd, 4096)
    finally:
        os.close(fd)


def main():
    prestarted = prestart_calls(sys.argv[1:])
    wait_for_job()
    with open(f'{INPUT}/job.json', encoding='utf-8') as file:
        job = json.load(file)
    steps = job['steps']
    first = release(prestarted, bool(steps) and steps[0]['kind'] == 'calls')
    statuses = []
    for index, step in enumerate(steps):
        sys.stdout.write(f'\n{STEP} {index + 1} {len(steps)}\n')
        sys.stdout.flush()
        statuses.append(run_step(index, step, first if index == 0 else None))
    try:
        with open(f'{OUT}/runner-status.json', 'w', encoding='utf-8') as file:
            json.dump(statuses, file)
    except OSError:
        pass  # a full output dir: the grader reports the missing results
    frame = framed_outputs()
    if frame is not None:
        sys.stdout.write(f'\n{FRAME} {frame}\n')
    sys.stdout.write(f'\n{MARKER}\n')
    sys.stdout.flush()
    while True:
        signal.pause()


main()
