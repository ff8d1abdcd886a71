// Keeps WebAssembly on V8's baseline compiler (Liftoff) in a short-lived command. libpg-query's parser
// is one huge wasm function: parsing a single real query spends its tier-up budget, V8 then compiles it
// with the optimising compiler on a background thread (≈ 2.5 s of CPU), and the process cannot exit
// until that compile ends — `syllabus grade` for one answer waited 2–4 s after printing its verdict.
// A one-shot command parses a few queries, so Liftoff's code is plenty. The budget is read when a wasm
// module is instantiated: call this before libpg-query is first imported. Long-lived processes (worker,
// web) keep tiering up: there the compile runs once and pays for itself.
import v8 from 'node:v8'

/** V8's largest value for the flag: no wasm function reaches it in a command's lifetime. */
const NEVER_TIER_UP = 2 ** 31 - 1

export function keepWasmOnBaselineTier(): void {
  v8.setFlagsFromString(`--wasm-tiering-budget=${NEVER_TIER_UP}`)
}
