# Runs in the learner's process: imports /sandbox/input/answer.py and calls the functions of one
# step of the call list with their arguments, writing each return value as one line of JSON.
# Expected values never enter the container; a return value that is not plain JSON (an object whose
# __eq__ always says yes, a DataFrame, NaN) is reported as such and compared as nothing.
#
# `harness.py <step> [<go-fd> [<module>...]]`: with a go-fd, the runner started this process ahead of
# its job, while the container waits (the interpreter's start-up and the imports of the question's
# libraries, named after it, then leave the path to the verdict). It waits asleep on that pipe: the
# runner writes one byte when the job is there and its first step calls functions, or closes the pipe
# without a byte when it does not, and this process ends at once. The pipe is closed before the
# answer is imported; nothing of the job is read before the go.
import importlib.util
import json
import os
import sys

step_index = int(sys.argv[1])
if len(sys.argv) > 2:
    go = int(sys.argv[2])
    for name in sys.argv[3:]:
        try:
            importlib.import_module(name)
        except Exception:
            pass  # not installed, or broken: the answer's own import reports it
    started = os.read(go, 1) == b'1'
    os.close(go)
    if not started:
        sys.exit(0)
with open('/sandbox/input/job.json', encoding='utf-8') as file:
    calls = json.load(file)['steps'][step_index]['calls']
results = open(f'/sandbox/out/results-{step_index}.jsonl', 'w', encoding='utf-8')


def where(error):
    # Only the line of the learner's own file: messages may quote hidden arguments.
    import traceback  # imported on failure only: every millisecond of start-up is on the verdict path
    frames = [frame for frame in traceback.extract_tb(error.__traceback__) if frame.filename.endswith('answer.py')]
    return frames[-1].lineno if frames else None


def write(record):
    results.write(json.dumps(record, allow_nan=False, ensure_ascii=False) + '\n')
    results.flush()


def failure(index, kind, error=None):
    write({'index': index, 'ok': False, 'error': kind,
           'type': type(error).__name__ if error is not None else None,
           'line': where(error) if error is not None else None})


spec = importlib.util.spec_from_file_location('answer', '/sandbox/input/answer.py')
module = importlib.util.module_from_spec(spec)
sys.modules['answer'] = module
try:
    spec.loader.exec_module(module)
except BaseException as error:  # SyntaxError, SystemExit, anything raised at import
    failure(-1, 'import', error)
    sys.exit(0)

for call in calls:
    index = call['index']
    function = getattr(module, call['function'], None)
    if not callable(function):
        failure(index, 'missing')
        continue
    try:
        value = function(*call.get('args', []), **call.get('kwargs', {}))
    except BaseException as error:
        failure(index, 'raised', error)
        continue
    try:
        write({'index': index, 'ok': True, 'value': value})
    except (TypeError, ValueError, RecursionError) as error:
        write({'index': index, 'ok': False, 'error': 'not-json', 'type': type(value).__name__, 'line': None})
