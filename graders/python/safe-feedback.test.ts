// Feedback repeats only built-in names and lines of the answer, whatever the results file says.
import { describe, expect, test } from 'vitest'
import { compileOnHost } from './host-compile.ts'
import { clampLine, exceptionName, lineCount, valueTypeName } from './safe-feedback.ts'

describe('safe feedback', () => {
  test('only built-in exception names are repeated', () => {
    expect(exceptionName('ZeroDivisionError')).toBe('ZeroDivisionError')
    expect(exceptionName('X {"steps": [1000000, 234567]}')).toBe('an exception')
    expect(exceptionName('MyError')).toBe('an exception')
    expect(exceptionName(null)).toBe('an exception')
    expect(valueTypeName('DataFrame')).toBe('a DataFrame')
    expect(valueTypeName('T[1000000, 234567, 0]')).toBe('a value')
  })

  test('a line number is kept only inside the answer', () => {
    expect(clampLine(3, lineCount('a\nb\nc'))).toBe(3)
    expect(clampLine(4, 3)).toBeNull()
    expect(clampLine(9007199254740991, 3)).toBeNull()
    expect(clampLine(0, 3)).toBeNull()
    expect(clampLine(1.5, 3)).toBeNull()
    expect(clampLine('2', 3)).toBeNull()
  })
})

describe('compiling on the host', () => {
  test('parses, or says where it does not, without running anything', async () => {
    expect(await compileOnHost('import os\nos._exit(3)\n')).toEqual({ parses: true })
    expect(await compileOnHost('def f(x)\n    return x\n')).toEqual({ parses: false, type: 'SyntaxError', line: 1 })
    expect(await compileOnHost('def f(x):\nreturn x\n')).toMatchObject({ parses: false, type: 'IndentationError', line: 2 })
    expect(await compileOnHost('x = ' + '('.repeat(5000) + '1' + ')'.repeat(5000))).toMatchObject({ parses: false })
  })
})
