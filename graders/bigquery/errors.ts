// Why a BigQuery statement did not run locally, in BigQuery's own words where BigQuery would say the
// same thing ("Syntax error: …", "Not found: Table …"), and "not supported locally: …" where the local
// engine refuses rather than risk an answer BigQuery would not give.

export const bigQueryRejectionReasons = ['empty', 'too_large', 'syntax', 'multiple_statements', 'kind_not_allowed', 'not_supported_locally', 'not_supported_on_cloud'] as const
export type BigQueryRejectionReason = (typeof bigQueryRejectionReasons)[number]

/** Refused before it ran: not gradable (the learner loses no attempt). */
export class BigQueryRejectedError extends Error {
  override name = 'BigQueryRejectedError'
  constructor(
    readonly reason: BigQueryRejectionReason,
    message: string,
  ) {
    super(message)
  }
}

/** The statement is valid but fails, as it would on BigQuery (unknown table or column, bad value, time out). */
export class BigQueryRuntimeError extends Error {
  override name = 'BigQueryRuntimeError'
}

export function notSupportedLocally(what: string): BigQueryRejectedError {
  return new BigQueryRejectedError(
    'not_supported_locally',
    `not supported locally: ${what}. The local engine refuses it rather than risk an answer BigQuery would not give; rewrite the query without it.`,
  )
}
