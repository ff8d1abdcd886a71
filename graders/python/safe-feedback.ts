// What of a call record may reach the learner. Everything in results-0.jsonl is written inside the
// learner's process, so each field is a value the learner chose: an exception's class name can be any
// text (`type('…' + open(hidden).read(), (Exception,), {})`), a line number any integer. Feedback
// therefore names only a built-in exception or type from the fixed lists below ("an exception"
// otherwise) and a line that exists in the answer; what is left is a choice among ~70 names and a
// line number, a bound docs/security.md states.

/** Python 3.11's built-in exception classes (`builtins`), the only exception names feedback repeats. */
export const BUILTIN_EXCEPTION_NAMES: ReadonlySet<string> = new Set(
  (
    'ArithmeticError AssertionError AttributeError BaseException BaseExceptionGroup BlockingIOError BrokenPipeError BufferError ' +
    'BytesWarning ChildProcessError ConnectionAbortedError ConnectionError ConnectionRefusedError ConnectionResetError ' +
    'DeprecationWarning EOFError EncodingWarning EnvironmentError Exception ExceptionGroup FileExistsError FileNotFoundError ' +
    'FloatingPointError FutureWarning GeneratorExit IOError ImportError ImportWarning IndentationError IndexError InterruptedError ' +
    'IsADirectoryError KeyError KeyboardInterrupt LookupError MemoryError ModuleNotFoundError NameError NotADirectoryError ' +
    'NotImplementedError OSError OverflowError PendingDeprecationWarning PermissionError ProcessLookupError RecursionError ' +
    'ReferenceError ResourceWarning RuntimeError RuntimeWarning StopAsyncIteration StopIteration SyntaxError SyntaxWarning ' +
    'SystemError SystemExit TabError TimeoutError TypeError UnboundLocalError UnicodeDecodeError UnicodeEncodeError UnicodeError ' +
    'UnicodeTranslateError UnicodeWarning UserWarning ValueError Warning ZeroDivisionError'
  ).split(' '),
)

/** Types a function may return that are not plain JSON values, by the names feedback may repeat. */
export const KNOWN_VALUE_TYPE_NAMES: ReadonlySet<string> = new Set(
  (
    'bool bytearray bytes complex dict float frozenset int list map memoryview object range set str tuple type zip filter ' +
    'enumerate generator function method builtin_function_or_method NoneType Decimal Fraction date datetime time timedelta ' +
    'DataFrame Series Index ndarray Timestamp Timedelta NaTType'
  ).split(' '),
)

/** The record's exception name if it is a built-in one, else "an exception". */
export function exceptionName(type: unknown): string {
  return typeof type === 'string' && BUILTIN_EXCEPTION_NAMES.has(type) ? type : 'an exception'
}

/** "a DataFrame" for a known type name, else "a value". */
export function valueTypeName(type: unknown): string {
  return typeof type === 'string' && KNOWN_VALUE_TYPE_NAMES.has(type) ? `a ${type}` : 'a value'
}

/** The line if it is a line of the answer (1…lineCount), else null: a forged number carries nothing more. */
export function clampLine(line: unknown, lineCount: number): number | null {
  return typeof line === 'number' && Number.isInteger(line) && line >= 1 && line <= lineCount ? line : null
}

/** Lines of an answer as Python counts them for line numbers. */
export function lineCount(source: string): number {
  return source.split(/\r\n|\r|\n/).length
}
