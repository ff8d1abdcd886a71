// Feedback repeats only built-in names and lines of the answer, whatever the results file says.
import { describe, expect, test } from 'vitest'
import { compileOnHost, hostCompilersStarted, keptHostCompilerPids, warmHostCompiler } from './host-compile.ts'
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

  test('a worker warms a compiler at start: the first answer is compiled by it', async () => {
    await warmHostCompiler()
    expect(keptHostCompilerPids().length).toBeGreaterThan(0)
    const before = hostCompilersStarted()
    expect(await compileOnHost('x = 1\n')).toEqual({ parses: true })
    expect(hostCompilersStarted()).toBe(before)
  })

  test('one compiler answers one answer after another; answers at once get one each', async () => {
    await compileOnHost('pass\n')
    const before = hostCompilersStarted()
    for (const source of ['x = 1\n', 'def f(:\n', 'y = 2\n']) await compileOnHost(source)
    expect(hostCompilersStarted()).toBe(before)
    const together = await Promise.all([compileOnHost('a = 1\n'), compileOnHost('b = (\n'), compileOnHost('c = 3\n')])
    expect(together).toEqual([{ parses: true }, { parses: false, type: 'SyntaxError', line: 1 }, { parses: true }])
    expect(hostCompilersStarted()).toBe(before + 2)
  })

  test('a compiler out of time is killed and the source does not parse; one that died is replaced', async () => {
    const huge = Array.from({ length: 20_000 }, (_, index) => `value_${index} = [${index}, ${index + 1}, {"k": (${index},)}]`).join('\n')
    expect(await compileOnHost(huge, { timeoutMs: 1 })).toEqual({ parses: false, type: 'TooComplex', line: null })
    expect(await compileOnHost('x = 1\n')).toEqual({ parses: true })
    const before = hostCompilersStarted()
    // Every kept compiler killed from outside (before this process hears of it): the next answer is still compiled, by a new one.
    for (const pid of keptHostCompilerPids()) process.kill(pid, 'SIGKILL')
    expect(await compileOnHost('def f(x)\n    return x\n')).toEqual({ parses: false, type: 'SyntaxError', line: 1 })
    expect(hostCompilersStarted()).toBeGreaterThan(before)
  })
})
