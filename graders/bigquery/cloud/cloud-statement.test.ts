// What a learner's statement becomes before it reaches the course's BigQuery project: names on the
// variant's and the scratch dataset, everything else refused, messages in the learner's names.
import { describe, expect, it } from 'vitest'
import { BigQueryRejectedError, BigQueryRuntimeError } from '../errors.ts'
import { cloudStatement, learnerFacingMessage } from './cloud-statement.ts'

const names = { projectId: 'course-proj', datasets: { nyc_taxi: 'syllabus_data_abc' }, scratch: 'syllabus_scratch_0123456789ab' }

describe('cloudStatement', () => {
  it("maps the course dataset (with any project, backticked or not) to the variant's dataset, keeping column qualifiers", () => {
    const statement = cloudStatement('SELECT yellow_tripdata.VendorID FROM `someone-else.nyc_taxi.yellow_tripdata` ORDER BY 1', names)
    expect(statement).toMatchObject({ kind: 'query', orderBy: [{ position: 1 }], usesScratch: false })
    expect(statement.sql).toBe('SELECT yellow_tripdata.VendorID FROM `course-proj`.`syllabus_data_abc`.`yellow_tripdata` AS `yellow_tripdata` ORDER BY 1')
  })

  it("puts every other dataset's tables into the run's scratch dataset, CTEs untouched", () => {
    const statement = cloudStatement('CREATE OR REPLACE TABLE hw3.t CLUSTER BY VendorID AS WITH x AS (SELECT * FROM nyc_taxi.green_tripdata) SELECT * FROM x JOIN other.y USING (VendorID)', names)
    expect(statement).toMatchObject({ kind: 'create_table', usesScratch: true })
    expect(statement.sql).toContain('CREATE OR REPLACE TABLE `course-proj`.`syllabus_scratch_0123456789ab`.`hw3__t` CLUSTER BY VendorID')
    expect(statement.sql).toContain('FROM `course-proj`.`syllabus_data_abc`.`green_tripdata`')
    expect(statement.sql).toContain('JOIN `course-proj`.`syllabus_scratch_0123456789ab`.`other__y` AS `y`')
    expect(statement.sql).toMatch(/FROM x JOIN/)
  })

  it('refuses other statements, INFORMATION_SCHEMA, unqualified names, writing to the course data and external tables', () => {
    expect(() => cloudStatement('DELETE FROM nyc_taxi.yellow_tripdata WHERE TRUE', names)).toThrow(BigQueryRejectedError)
    expect(() => cloudStatement('SELECT * FROM `region-us`.INFORMATION_SCHEMA.JOBS_BY_PROJECT', names)).toThrow(/INFORMATION_SCHEMA/)
    expect(() => cloudStatement('SELECT * FROM nyc_taxi.INFORMATION_SCHEMA.TABLES', names)).toThrow(/INFORMATION_SCHEMA/)
    expect(() => cloudStatement('CREATE TABLE nyc_taxi.mine AS SELECT 1 AS x', names)).toThrow(BigQueryRuntimeError)
    expect(() => cloudStatement("CREATE EXTERNAL TABLE hw3.e OPTIONS (format = 'PARQUET', uris = ['gs://b/*.parquet'])", names)).toThrow(/external tables/)
    expect(() => cloudStatement('SELECT * FROM yellow_tripdata', names)).toThrow(/must be qualified with a dataset/)
  })

  it("turns BigQuery's names back into the learner's in error messages", () => {
    expect(learnerFacingMessage('Not found: Table course-proj:syllabus_scratch_0123456789ab.hw3__external_yellow was not found in location US', names)).toBe(
      'Not found: Table hw3.external_yellow was not found in location US',
    )
    expect(learnerFacingMessage('Unrecognized name: farre; Did you mean fare_amount? at [1:8] in course-proj.syllabus_data_abc.yellow_tripdata', names)).toBe(
      'Unrecognized name: farre; Did you mean fare_amount? at [1:8] in nyc_taxi.yellow_tripdata',
    )
  })
})
