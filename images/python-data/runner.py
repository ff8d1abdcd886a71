# The sandbox runner: our code, started as the container's command (docker-init is PID 1).
# It runs each step of /sandbox/input/job.json in its own child process, kills whatever a step left
# behind, then prints the completion marker and waits: the grader pauses the container and copies
# /sandbox/out out of it. It decides nothing: every verdict is computed outside the container.
import json
import os
import signal
import subprocess
import sys
import time

INPUT = '/sandbox/input'
OUT = '/sandbox/out'
WORK = '/sandbox/work'
MARKER = 'SYLLABUS-RUNNER-DONE'


def kill_leftovers():
    # kill(-1) reaches every process this user may signal except PID 1 and this one: daemonised
    # children, process groups that left ours, sleepers. Nothing of a step outlives it.
    try:
        os.kill(-1, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def run_step(index, step):
    if step['kind'] == 'calls':
        argv = [sys.executable, '-I', '/opt/syllabus/harness.py', str(index)]
    else:
        # A script step writes its files to its own folder, named in its arguments as $OUT.
        os.makedirs(f'{OUT}/step-{index}', exist_ok=True)
        argv = [sys.executable, '-I', f'{INPUT}/answer.py', *step['args']]
    process = subprocess.Popen(argv, cwd=WORK, stdin=subprocess.DEVNULL, start_new_session=True)
    code = process.wait()
    kill_leftovers()
    return {'step': index, 'exitCode': code}


def wait_for_job():
    # A container started ahead of time (a warm pool) waits here until the grader writes its job;
    # the job is written last and whole (renamed into place), so its presence means all inputs are.
    while not os.path.exists(f'{INPUT}/job.json'):
        time.sleep(0.002)


def main():
    wait_for_job()
    with open(f'{INPUT}/job.json', encoding='utf-8') as file:
        job = json.load(file)
    statuses = [run_step(index, step) for index, step in enumerate(job['steps'])]
    try:
        with open(f'{OUT}/runner-status.json', 'w', encoding='utf-8') as file:
            json.dump(statuses, file)
    except OSError:
        pass  # a full output dir: the grader reports the missing results
    sys.stdout.write(f'\n{MARKER}\n')
    sys.stdout.flush()
    while True:
        signal.pause()


main()
