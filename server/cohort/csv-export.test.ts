import { execFile } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'
import { beforeAll, describe, expect, it } from 'vitest'
import { db } from '../db/client.ts'
import { loadCourse } from '../../course/load.ts'
import { miniCourseDir } from '../../course/fixture-copy.ts'
import { createLearner, seedCourseRows } from '../submissions/testing/seed-course.ts'
import { streamCsvExport } from './csv-export.ts'

const run = promisify(execFile)
let courseId: string

async function csvOf(kind: 'roster' | 'scores' | 'submissions', id = courseId) {
  const chunks: Buffer[] = []
  for await (const chunk of await streamCsvExport(kind, id, process.env.DATABASE_URL!)) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

beforeAll(async () => {
  courseId = (await db.course.create({ data: { slug: 'export', title: 'Export', summary: '', startsAt: new Date(), timezone: 'UTC', contentHash: 'x' } })).id
})

describe('CSV exports', () => {
  it('the roster: a header, quoting done by PostgreSQL, spreadsheet formulas defused, certificates shown', async () => {
    const tricky = await db.user.create({ data: { email: 'tricky@example.com', name: '=HYPERLINK("http://evil","x"), "Jr."' } })
    const plain = await db.user.create({ data: { email: 'plain@example.com', name: 'Ada, Countess' } })
    await db.enrollment.create({ data: { userId: tricky.id, courseId, points: 5, homeworkPoints: 5 } })
    await db.enrollment.create({ data: { userId: plain.id, courseId, points: 12, homeworkPoints: 7, learningInPublicPoints: 2, projectPoints: 3, certificateName: 'Ada Lovelace' } })
    await db.certificate.create({ data: { userId: plain.id, courseId, recipientName: 'Ada Lovelace', verificationCode: 'abcdefghjkmnpqrstuvw' } })
    const lines = (await csvOf('roster')).trimEnd().split('\n')
    expect(lines[0]).toBe('email,name,certificate_name,enrolled_at,homework_points,learning_in_public_points,project_points,points,certificate,certificate_id')
    expect(lines[1]).toMatch(/^plain@example\.com,"Ada, Countess",Ada Lovelace,[\d-]+ [\d:.]+,7,2,3,12,certified,abcdefghjkmnpqrstuvw$/)
    expect(lines[2]).toMatch(/^tricky@example\.com,"'=HYPERLINK\(""http:\/\/evil"",""x""\), ""Jr\.""",,/)
    expect(lines).toHaveLength(3)
  })

  it('an unknown course exports just the header', async () => {
    expect(await csvOf('scores', 'no-such-course')).toBe('email,homework,points,max_points,updated_at\n')
    expect((await csvOf('submissions', "x' OR '1'='1")).split('\n')[0]).toMatch(/^submission_id,email,homework,question,submission_number,attempt_number,/)
  })

  it('submissions: the submission number counts every one, the attempt number only those that used an attempt', async () => {
    const seeded = await seedCourseRows(await loadCourse(miniCourseDir))
    const learner = await createLearner({ enrolIn: seeded.courseId })
    const questionId = seeded.questionIds['hw1/longest-trip-day']!
    // Wrong, then unparsable (invalid: no attempt used), then right; the fourth is still being graded.
    const verdicts = ['incorrect', 'invalid', 'correct', null] as const
    for (const [index, verdict] of verdicts.entries()) {
      const submission = await db.submission.create({
        data: { userId: learner.id, questionId, attempt: index + 1, answer: 'SELECT 1', status: verdict ? 'graded' : 'queued', submittedAt: new Date(Date.UTC(2027, 0, 20, 10, index)) },
      })
      await db.gradingRun.create({ data: { submissionId: submission.id, engine: 'postgres', ...(verdict ? { status: 'succeeded', verdict, score: verdict === 'correct' ? 1 : 0, points: verdict === 'correct' ? 1 : 0 } : {}) } })
    }
    const lines = (await csvOf('submissions', seeded.courseId)).trimEnd().split('\n')
    expect(lines[0]).toBe('submission_id,email,homework,question,submission_number,attempt_number,submitted_at,is_late,status,verdict,points,score')
    expect(lines.slice(1).map((line) => line.split(',').slice(4, 6).concat(line.split(',')[9]!))).toEqual([
      ['1', '1', 'incorrect'],
      ['2', '', 'invalid'],
      ['3', '2', 'correct'],
      ['4', '3', ''],
    ])
  })

  it('streams 200,000 learners with flat memory (a child process with a small heap)', async () => {
    const big = (await db.course.create({ data: { slug: 'big', title: 'Big', summary: '', startsAt: new Date(), timezone: 'UTC', contentHash: 'x' } })).id
    await db.$executeRaw`
      INSERT INTO "User" (id, email, name, "updatedAt")
      SELECT 'big-' || n, 'learner-' || n || '@a-rather-long-example-domain.example.com', 'Learner Number ' || n, now()
        FROM generate_series(1, 200000) AS n`
    await db.$executeRaw`
      INSERT INTO "Enrollment" (id, "userId", "courseId", points, "homeworkPoints")
      SELECT 'big-e-' || n, 'big-' || n, ${big}, n % 97, n % 89 FROM generate_series(1, 200000) AS n`
    const { stdout } = await run(
      process.execPath,
      ['--expose-gc', '--max-old-space-size=64', '--import', 'tsx', path.resolve('server/cohort/testing/export-to-sink.ts'), 'roster', big],
      { env: { ...process.env }, maxBuffer: 1024 * 1024 },
    )
    const report = JSON.parse(stdout.trim().split('\n').at(-1)!) as { bytes: number; lines: number; peakMemoryGrowth: number }
    expect(report.lines).toBe(200_001)
    expect(report.bytes).toBeGreaterThan(20 * 1024 * 1024)
    // Holding the rows would keep at least the CSV's size alive; streaming keeps a few chunks. The runtime's own
    // growth (compiled code, the connection's buffers) is a few MB whatever the size, so the CSV is large enough
    // (≈ 23 MB) that half of it stands well above that noise.
    console.info(`exported ${report.bytes} bytes; peak live memory growth ${report.peakMemoryGrowth} bytes`)
    expect(report.peakMemoryGrowth).toBeLessThan(report.bytes / 2)
  }, 120_000)
})
