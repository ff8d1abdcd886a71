// Seeded randomness for the dataset generators. Same seed, same numbers, on any machine:
// pure-rand's xoroshiro128+ is integer-only, and the helpers below use only + - * / floor sqrt
// (exactly rounded in IEEE 754), never Math.log/exp/sin, whose last bits may differ between engines.
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64'
import { uniformInt } from 'pure-rand/distribution/uniformInt'
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus'
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator'

/** 32-bit FNV-1a: turns a label into a number so that each stream gets its own seed. */
export function hashLabel(label: string): number {
  let hash = 0x811c9dc5
  for (let index = 0; index < label.length; index++) {
    hash ^= label.charCodeAt(index)
    hash = Math.imul(hash, 0x01000193)
  }
  return hash >>> 0
}

export class SeededRandom {
  private readonly generator: RandomGenerator

  constructor(seed: number) {
    this.generator = xoroshiro128plus(seed | 0)
  }

  /**
   * An independent stream for one part of the data (a table, a month), so that each part can be
   * generated alone — and in any order — with the same result.
   */
  static forStream(seed: number, ...labels: (string | number)[]): SeededRandom {
    return new SeededRandom(hashLabel(`${seed}/${labels.join('/')}`))
  }

  /** Uniform in [0, 1). */
  float(): number {
    return uniformFloat64(this.generator)
  }

  /** Uniform integer in [from, to], both included. */
  int(from: number, to: number): number {
    return uniformInt(this.generator, from, to)
  }

  chance(probability: number): boolean {
    return this.float() < probability
  }

  pick<T>(items: readonly T[]): T {
    const item = items[this.int(0, items.length - 1)]
    if (item === undefined) throw new Error('pick from an empty list')
    return item
  }

  /** Roughly normal (Irwin–Hall sum of four uniforms), mean 0, standard deviation 1. */
  normal(): number {
    return (this.float() + this.float() + this.float() + this.float() - 2) * Math.sqrt(3)
  }

  /** Shuffles in place (Fisher–Yates). */
  shuffle<T extends { length: number; [index: number]: unknown }>(items: T): T {
    for (let index = items.length - 1; index > 0; index--) {
      const other = this.int(0, index)
      const swap = items[index]
      items[index] = items[other]
      items[other] = swap
    }
    return items
  }
}

/** Cumulative weights, to pick an index with probability proportional to its weight. */
export class WeightedChoice {
  private readonly cumulative: Float64Array
  private readonly total: number

  constructor(weights: readonly number[]) {
    this.cumulative = new Float64Array(weights.length)
    let sum = 0
    weights.forEach((weight, index) => {
      sum += weight
      this.cumulative[index] = sum
    })
    if (!(sum > 0)) throw new Error('weights must add up to more than zero')
    this.total = sum
  }

  pickIndex(random: SeededRandom): number {
    const target = random.float() * this.total
    let low = 0
    let high = this.cumulative.length - 1
    while (low < high) {
      const middle = (low + high) >> 1
      if ((this.cumulative[middle] ?? 0) > target) high = middle
      else low = middle + 1
    }
    return low
  }
}
