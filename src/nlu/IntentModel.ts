import { extractFeatures, type FeatureOptions, DEFAULT_FEATURE_OPTIONS } from './textFeatures';

/** One labelled example: what was typed, what it means, and how much it counts (1 for the language's own data). */
export interface TrainingExample {
  text: string;
  label: string;
  weight: number;
}

export interface TrainingOptions {
  features: FeatureOptions;
  /** Passes over the examples. */
  epochs: number;
  /** Step size at the start; it shrinks as 1 / (1 + t / examples). */
  learningRate: number;
  /** L2 penalty: keeps weights small, so scores stay modest on texts unlike any example. */
  l2: number;
  /** Seed of the shuffle: the same data and options always give the same model. */
  seed: number;
}

export const DEFAULT_TRAINING_OPTIONS: TrainingOptions = {
  features: DEFAULT_FEATURE_OPTIONS,
  epochs: 20,
  learningRate: 5,
  l2: 3e-3,
  seed: 7,
};

export interface Scored {
  label: string;
  score: number;
}

/** Weights are kept as 8-bit steps of `scale`: a quarter of the size of 32-bit floats, and no measurable loss. */
const WEIGHT_STEPS = 127;

/**
 * A multinomial logistic regression over the features of textFeatures.ts, for one language: a weight per feature
 * and label, a bias per label, and a softmax over the sums. Trained by stochastic gradient descent with averaged
 * weights (the average of every step's weights generalises better than the last step's).
 */
export class IntentModel {
  private readonly index: Map<string, number>;

  constructor(
    readonly labels: readonly string[],
    readonly features: readonly string[],
    /** features.length × labels.length, row by row, in steps of `scale`. */
    readonly weights: Int8Array,
    readonly scale: number,
    readonly bias: Float32Array,
    readonly featureOptions: FeatureOptions = DEFAULT_FEATURE_OPTIONS,
  ) {
    if (weights.length !== features.length * labels.length) throw new RangeError('weights do not match features × labels');
    if (bias.length !== labels.length) throw new RangeError('bias does not match labels');
    if (!(scale > 0)) throw new RangeError('scale must be positive');
    this.index = new Map(features.map((feature, i) => [feature, i]));
  }

  static train(examples: readonly TrainingExample[], options: TrainingOptions = DEFAULT_TRAINING_OPTIONS): IntentModel {
    const labels = [...new Set(examples.map((example) => example.label))];
    const labelIndex = new Map(labels.map((label, i) => [label, i]));
    const featureIndex = new Map<string, number>();
    const rows = examples.map((example) => {
      const vector = extractFeatures(example.text, options.features);
      const ids = new Int32Array(vector.size);
      const values = new Float64Array(vector.size);
      let j = 0;
      for (const [feature, value] of vector) {
        let id = featureIndex.get(feature);
        if (id === undefined) {
          id = featureIndex.size;
          featureIndex.set(feature, id);
        }
        ids[j] = id;
        values[j] = value;
        j += 1;
      }
      return { ids, values, label: labelIndex.get(example.label) ?? 0, weight: example.weight };
    });

    const k = labels.length;
    const f = featureIndex.size;
    const w = new Float64Array(f * k);
    const b = new Float64Array(k);
    // For the average: u accumulates step × change, and the average is w − u / steps.
    const u = new Float64Array(f * k);
    const ub = new Float64Array(k);
    const order = rows.map((_, i) => i);
    const random = seededRandom(options.seed);
    const p = new Float64Array(k);
    const gradient = new Float64Array(k);
    let step = 1;
    for (let epoch = 0; epoch < options.epochs; epoch += 1) {
      shuffle(order, random);
      for (const r of order) {
        const { ids, values, label, weight } = rows[r]!;
        const lr = options.learningRate / (1 + step / rows.length);
        for (let c = 0; c < k; c += 1) p[c] = b[c]!;
        for (let j = 0; j < ids.length; j += 1) {
          const base = ids[j]! * k;
          const value = values[j]!;
          for (let c = 0; c < k; c += 1) p[c] = p[c]! + w[base + c]! * value;
        }
        softmaxInPlace(p);
        for (let c = 0; c < k; c += 1) {
          gradient[c] = weight * (p[c]! - (c === label ? 1 : 0));
          const delta = -lr * gradient[c]!;
          b[c] = b[c]! + delta;
          ub[c] = ub[c]! + step * delta;
        }
        for (let j = 0; j < ids.length; j += 1) {
          const base = ids[j]! * k;
          const value = values[j]!;
          for (let c = 0; c < k; c += 1) {
            const at = base + c;
            const change = -lr * (gradient[c]! * value + options.l2 * w[at]!);
            w[at] = w[at]! + change;
            u[at] = u[at]! + step * change;
          }
        }
        step += 1;
      }
    }
    let max = 0;
    for (let i = 0; i < w.length; i += 1) {
      w[i] = w[i]! - u[i]! / step;
      max = Math.max(max, Math.abs(w[i]!));
    }
    const scale = max === 0 ? 1 : max / WEIGHT_STEPS;
    const weights = new Int8Array(f * k);
    for (let i = 0; i < weights.length; i += 1) weights[i] = Math.round(w[i]! / scale);
    const bias = new Float32Array(k);
    for (let c = 0; c < k; c += 1) bias[c] = b[c]! - ub[c]! / step;
    return new IntentModel(labels, [...featureIndex.keys()], weights, scale, bias, options.features);
  }

  /** Every label with its probability, best first (ties in label order). */
  predict(text: string): Scored[] {
    const k = this.labels.length;
    const sums = Float64Array.from(this.bias);
    for (const [feature, value] of extractFeatures(text, this.featureOptions)) {
      const id = this.index.get(feature);
      if (id === undefined) continue;
      const scaled = value * this.scale;
      for (let c = 0; c < k; c += 1) sums[c] = sums[c]! + this.weights[id * k + c]! * scaled;
    }
    softmaxInPlace(sums);
    return this.labels
      .map((label, c) => ({ label, score: sums[c]! }))
      .sort((a, b) => b.score - a.score || this.labels.indexOf(a.label) - this.labels.indexOf(b.label));
  }
}

function softmaxInPlace(values: Float64Array): void {
  let max = -Infinity;
  for (const value of values) max = Math.max(max, value);
  let sum = 0;
  for (let i = 0; i < values.length; i += 1) {
    values[i] = Math.exp(values[i]! - max);
    sum += values[i]!;
  }
  for (let i = 0; i < values.length; i += 1) values[i] = values[i]! / sum;
}

/** mulberry32: a small, fast, seeded generator; enough to shuffle examples reproducibly. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle(items: number[], random: () => number): void {
  for (let i = items.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
}
