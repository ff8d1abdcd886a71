// The pool of hidden dataset variants a graded SQL attempt is checked on (docs/security.md § SQL grading).
// Many small variants, each from its own secret seed, in databases with opaque names; each attempt
// draws one (grade-sql-answer.ts), and every slot of the pool is rebuilt from a new seed once per
// rotation period, staggered, in the background — so what one attempt learns about "the hidden data"
// does not carry to the next, and whatever it learns about one variant goes stale.
//
// Seeds and names come from an HMAC over the slot and its epoch, keyed by a secret only a superuser
// of the grading cluster can derive: every process grading on the cluster (workers, CLI) computes the
// same pool without talking to the others, and a builder's advisory lock keeps two from building one
// database twice.
import { createHmac } from 'node:crypto'
import { type AdminConnection, type DatasetName, databaseUrl, ensureDatasetLoaded, readDatasetInfo, withAdmin } from '../../datasets/nyc-taxi/load.ts'
import { variantSeed } from '../../datasets/nyc-taxi/generate.ts'
import type { DatasetVariant } from './sql-runner.ts'

/** Every pool database starts with this; the rest of the name is an HMAC and says nothing. */
export const HIDDEN_VARIANT_PREFIX = 'syllabus_ds_v_'

const POOL_DATABASE = new RegExp(`^${HIDDEN_VARIANT_PREFIX}[0-9a-f]{24}$`)

export interface HiddenVariantPoolOptions {
  /** How many variants each attempt draws from. */
  size: number
  /** Each slot is rebuilt from a new seed once per period (slots staggered across it). */
  rotationMs: number
  /** Clock, for tests. */
  now?: () => number
}

export const defaultHiddenVariantPool: HiddenVariantPoolOptions = { size: 8, rotationMs: 6 * 60 * 60 * 1000 }

export interface SlotVariant {
  slot: number
  epoch: number
  database: string
  seed: number
}

/**
 * The pool's secret: the cluster's system identifier (64 random bits chosen by initdb, readable by a
 * superuser only) keyed by the operator's hidden seed. The open-source default seed alone does not
 * reproduce an instance's variants.
 */
export async function poolSecret(admin: AdminConnection, hiddenSeed?: number): Promise<string> {
  return withAdmin(admin, async (client) => {
    const found = await client.query<{ id: string }>('SELECT system_identifier::text AS id FROM pg_catalog.pg_control_system()')
    return createHmac('sha256', String(variantSeed('hidden', hiddenSeed))).update(`syllabus hidden variants|${found.rows[0]!.id}`).digest('hex')
  })
}

export function epochOf(slot: number, at: number, options: HiddenVariantPoolOptions): number {
  // Slot i turns over i/size of a period after slot 0: one rebuild at a time, spread evenly.
  return Math.floor((at + (slot * options.rotationMs) / options.size) / options.rotationMs)
}

/** The database and seed of one slot in one epoch. */
export function slotVariant(secret: string, dataset: DatasetName, slot: number, epoch: number): SlotVariant {
  const digest = createHmac('sha256', secret).update(`${dataset}|${slot}|${epoch}`).digest()
  return {
    slot,
    epoch,
    // 2^31 seeds; the name's 96 bits are unrelated to the seed's.
    seed: digest.readUInt32BE(0) & 0x7fff_ffff,
    database: `${HIDDEN_VARIANT_PREFIX}${digest.subarray(8, 20).toString('hex')}`,
  }
}

/** When the slot's next epoch begins (ms since 1970). */
function nextEpochStart(slot: number, epoch: number, options: HiddenVariantPoolOptions): number {
  return (epoch + 1) * options.rotationMs - (slot * options.rotationMs) / options.size
}

export interface HiddenVariantPool {
  /** The variants an attempt may be drawn from now (built and granted). */
  current(): DatasetVariant[]
  /** Every database the pool may use soon: the learner role must be granted them all. */
  databases(): string[]
  /** Builds what the current and next epochs need and drops what no epoch needs any more (on `admin` when given). */
  refresh(admin?: AdminConnection): Promise<{ changed: boolean }>
}

export interface OpenHiddenVariantPoolInput {
  adminUrl: string
  dataset: DatasetName
  secret: string
  options: HiddenVariantPoolOptions
  onProgress?: (message: string) => void
  /**
   * Take a variant whose database exists as built, versioned by the database's oid, without reading
   * its record (a connection to each variant's database). Sound because a variant's database gets its
   * name only once built (ensureDatasetLoaded renames it into place) and the name follows from the
   * same digest as the seed; a rebuild is a new database, so a new oid. For one-shot commands beside
   * the worker that built the pool: the worker itself reads every record.
   */
  trustExistingVariants?: boolean
}

export function hiddenVariantPool({ adminUrl, dataset, secret, options, onProgress, trustExistingVariants = false }: OpenHiddenVariantPoolInput): HiddenVariantPool {
  const now = options.now ?? Date.now
  const ready = new Map<string, DatasetVariant>()
  const slots = Array.from({ length: options.size }, (_, slot) => slot)
  // A slot's variant in an epoch never changes: computed once (current() runs on every SQL grade, and
  // its HMACs were a measurable part of the worker's CPU per job, docs/benchmarks.md "Queue", session 8).
  const variants = new Map<string, SlotVariant>()
  const variantOf = (slot: number, epoch: number) => {
    const key = `${slot}|${epoch}`
    let variant = variants.get(key)
    if (!variant) {
      if (variants.size >= 8 * options.size) variants.clear()
      variant = slotVariant(secret, dataset, slot, epoch)
      variants.set(key, variant)
    }
    return variant
  }
  const wanted = () => {
    const at = now()
    return slots.flatMap((slot) => {
      const epoch = epochOf(slot, at, options)
      // The previous epoch stays for attempts already drawn from it; the next one is built one
      // slot-interval ahead of its turn, so the switch never waits for a build.
      const buildNext = nextEpochStart(slot, epoch, options) - at < options.rotationMs / options.size
      return [
        { ...variantOf(slot, epoch - 1), role: 'previous' as const },
        { ...variantOf(slot, epoch), role: 'current' as const },
        ...(buildNext ? [{ ...variantOf(slot, epoch + 1), role: 'next' as const }] : []),
      ]
    })
  }

  return {
    current() {
      // A slot whose new epoch is not built yet (this process has not refreshed since the switch)
      // serves its previous variant a little longer rather than leave the pool short.
      const entries = wanted()
      return slots.flatMap((slot) => {
        const of = (role: string) => entries.find((entry) => entry.slot === slot && entry.role === role)
        const variant = ready.get(of('current')!.database) ?? ready.get(of('previous')!.database)
        return variant ? [variant] : []
      })
    },
    databases() {
      return [...ready.keys()]
    },
    async refresh(connection = adminUrl) {
      let changed = false
      const entries = wanted()
      // Current variants first: they are what grading waits for.
      const due = [...entries.filter((each) => each.role === 'current'), ...entries.filter((each) => each.role === 'next')].filter((entry) => !ready.has(entry.database))
      const keep = new Set(entries.map((entry) => entry.database))
      await withAdmin(connection, async (admin) => {
        const found = await admin.query<{ datname: string; oid: string }>(
          `SELECT datname, oid::text AS oid FROM pg_catalog.pg_database WHERE starts_with(datname, $1)`,
          [HIDDEN_VARIANT_PREFIX],
        )
        const oids = new Map(found.rows.map((row) => [row.datname, row.oid]))
        // What is built already is read all at once (one connection per database): a process opening
        // the pool another one built (the CLI beside a worker) would otherwise wait for each in turn.
        const versions = await Promise.all(
          due.map(async (entry) => {
            if (!oids.has(entry.database)) return null
            if (trustExistingVariants) return `oid ${oids.get(entry.database)}`
            const info = await readDatasetInfo(databaseUrl(adminUrl, entry.database)).catch(() => null)
            return info && info.seed === entry.seed ? info.checksum : null
          }),
        )
        for (const [index, entry] of due.entries()) {
          let version = versions[index]
          if (!version) {
            onProgress?.(`building hidden variant ${entry.slot + 1}/${options.size} of ${dataset}…`)
            version = (await ensureDatasetLoaded(adminUrl, { dataset, variant: 'hidden', size: 'small', databaseName: entry.database, seed: entry.seed })).info.checksum
          }
          ready.set(entry.database, { database: entry.database, version })
          changed = true
        }
        for (const { datname } of found.rows) {
          if (keep.has(datname) || !POOL_DATABASE.test(datname)) continue
          ready.delete(datname)
          // The name is ours (prefix + hex), so it needs no quoting beyond the plain identifier.
          await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`)
          changed = true
        }
      })
      for (const database of [...ready.keys()]) {
        if (keep.has(database)) continue
        ready.delete(database)
        changed = true
      }
      return { changed }
    },
  }
}
