/**
 * Logistic regression for the learned router: per tier, the chance that its answer is right.
 * Fitted on standardised features, so that one L2 strength pulls a feature counted in characters
 * as hard as one counted in past errors, and returned on the raw scale, so that the model stored
 * in a RouterModel applies to the features as the router computes them.
 */

/** The shape a RouterModel's TierModel stores: P(y = 1 | x) = sigmoid(intercept + coefficients · x). */
export type LogisticModel = { intercept: number; coefficients: number[] };

export type Example = {
  x: ArrayLike<number>;
  y: 0 | 1;
  /** Counts as that many copies of the example (fractions allowed). Default 1. */
  weight?: number;
};

export type FitOptions = {
  /**
   * Precision of a Gaussian prior on each standardised coefficient; the intercept is left free.
   * Absolute, not per example, so its pull fades as examples accumulate. Default 1. 0 is plain
   * maximum likelihood, only for data that cannot be separable (Platt's smoothed targets).
   */
  l2?: number;
  /** Newton steps at most; a well-posed fit needs about ten. Default 100. */
  maxIterations?: number;
  /** Done when the Newton step moves no standardised parameter more than this. Default 1e-9. */
  tolerance?: number;
};

/** The logistic function, without overflow for any finite z. */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** The log-odds the model gives x: what Platt scaling recalibrates. */
export function linearScore(model: LogisticModel, x: ArrayLike<number>): number {
  if (x.length !== model.coefficients.length) {
    throw new RangeError(`the model has ${model.coefficients.length} coefficients but the features number ${x.length}`);
  }
  let z = model.intercept;
  for (let j = 0; j < x.length; j++) z += model.coefficients[j]! * x[j]!;
  return z;
}

export function predict(model: LogisticModel, x: ArrayLike<number>): number {
  return sigmoid(linearScore(model, x));
}

/**
 * The L2-penalised maximum-likelihood model, by Newton's method (deterministic). A feature that
 * never varies gets coefficient 0.
 */
export function fitLogistic(examples: readonly Example[], options: FitOptions = {}): LogisticModel {
  const { l2 = 1, maxIterations = 100, tolerance = 1e-9 } = options;
  if (!(l2 >= 0 && Number.isFinite(l2))) throw new RangeError(`l2 must be a finite number ≥ 0, not ${l2}`);
  const width = checkExamples(examples);
  const scaling = featureScaling(examples, width);
  const design = standardisedDesign(examples, scaling);
  const theta = maximise(design, penalties(design, l2), { maxIterations, tolerance });
  return rawScale(theta, scaling, width);
}

/** The feature count every example shares; throws on anything the fit cannot use. */
function checkExamples(examples: readonly Example[]): number {
  if (examples.length === 0) throw new Error('fitLogistic needs at least one example');
  const width = examples[0]!.x.length;
  let totalWeight = 0;
  for (const [i, { x, y, weight = 1 }] of examples.entries()) {
    if (x.length !== width) throw new RangeError(`example ${i} has ${x.length} features, example 0 has ${width}`);
    if (y !== 0 && y !== 1) throw new RangeError(`example ${i} has label ${y}; labels are 0 or 1`);
    if (!(weight >= 0 && Number.isFinite(weight))) throw new RangeError(`example ${i} has weight ${weight}`);
    for (let j = 0; j < width; j++) if (!Number.isFinite(x[j])) throw new RangeError(`example ${i} has feature ${j} = ${x[j]}`);
    totalWeight += weight;
  }
  if (!(totalWeight > 0)) throw new Error('fitLogistic needs a positive total weight');
  return width;
}

/** Per feature, its weighted mean and standard deviation; `varying` lists the features that vary. */
type Scaling = { mean: number[]; scale: number[]; varying: number[] };

function featureScaling(examples: readonly Example[], width: number): Scaling {
  const scaling: Scaling = { mean: [], scale: [], varying: [] };
  for (let j = 0; j < width; j++) {
    let [total, sum, low, high] = [0, 0, Infinity, -Infinity];
    for (const { x, weight = 1 } of examples) {
      if (weight === 0) continue;
      [total, sum, low, high] = [total + weight, sum + weight * x[j]!, Math.min(low, x[j]!), Math.max(high, x[j]!)];
    }
    const mean = sum / total;
    let squares = 0;
    for (const { x, weight = 1 } of examples) squares += weight * (x[j]! - mean) ** 2;
    const scale = Math.sqrt(squares / total);
    scaling.mean.push(mean);
    scaling.scale.push(scale);
    // Compared exactly: rounding leaves a constant column a tiny nonzero spread, and dividing by it would amplify noise.
    if (low !== high && scale > 0) scaling.varying.push(j);
  }
  return scaling;
}

/** Row-major, one row per example: 1 for the intercept, then each varying feature standardised. */
type Design = { rows: Float64Array; width: number; y: Float64Array; weight: Float64Array; totalWeight: number };

function standardisedDesign(examples: readonly Example[], { mean, scale, varying }: Scaling): Design {
  const width = varying.length + 1;
  const design: Design = {
    rows: new Float64Array(examples.length * width),
    width,
    y: new Float64Array(examples.length),
    weight: new Float64Array(examples.length),
    totalWeight: 0,
  };
  for (const [i, { x, y, weight = 1 }] of examples.entries()) {
    design.rows[i * width] = 1;
    for (const [k, j] of varying.entries()) design.rows[i * width + 1 + k] = (x[j]! - mean[j]!) / scale[j]!;
    design.y[i] = y;
    design.weight[i] = weight;
    design.totalWeight += weight;
  }
  return design;
}

/**
 * Prior precision per parameter. The intercept gets a whisper of one, a millionth of the total
 * weight: too little to move a fit with both labels, enough to keep it finite (about ±11) when
 * every label is the same.
 */
function penalties(design: Design, l2: number): Float64Array {
  const precision = new Float64Array(design.width).fill(l2);
  precision[0] = 1e-6 * design.totalWeight;
  return precision;
}

/** The penalised log-likelihood at theta. */
function objective(design: Design, precision: Float64Array, theta: Float64Array): number {
  let value = 0;
  for (let i = 0; i < design.y.length; i++) {
    const z = rowScore(design, i, theta);
    // y·z − log(1 + e^z), with the softplus written so that it never overflows.
    value += design.weight[i]! * (design.y[i]! * z - (Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)))));
  }
  for (let k = 0; k < theta.length; k++) value -= 0.5 * precision[k]! * theta[k]! ** 2;
  return value;
}

function rowScore(design: Design, i: number, theta: Float64Array): number {
  let z = 0;
  for (let k = 0; k < design.width; k++) z += design.rows[i * design.width + k]! * theta[k]!;
  return z;
}

/** Gradient of the objective and the negated Hessian (positive definite), the latter row-major. */
function derivatives(design: Design, precision: Float64Array, theta: Float64Array): { gradient: Float64Array; curvature: Float64Array } {
  const p = design.width;
  const gradient = new Float64Array(p);
  const curvature = new Float64Array(p * p);
  for (let i = 0; i < design.y.length; i++) {
    const probability = sigmoid(rowScore(design, i, theta));
    const residual = design.weight[i]! * (design.y[i]! - probability);
    const spread = design.weight[i]! * probability * (1 - probability);
    const row = i * p;
    for (let k = 0; k < p; k++) {
      const xk = design.rows[row + k]!;
      gradient[k]! += residual * xk;
      for (let l = 0; l <= k; l++) curvature[k * p + l]! += spread * xk * design.rows[row + l]!;
    }
  }
  for (let k = 0; k < p; k++) {
    gradient[k]! -= precision[k]! * theta[k]!;
    curvature[k * p + k]! += precision[k]!;
    for (let l = 0; l < k; l++) curvature[l * p + k] = curvature[k * p + l]!;
  }
  return { gradient, curvature };
}

/** Newton steps, each halved until the objective does not go down (the objective is concave). */
function maximise(design: Design, precision: Float64Array, limits: { maxIterations: number; tolerance: number }): Float64Array {
  let point: Point = { theta: new Float64Array(design.width), value: 0 };
  point.value = objective(design, precision, point.theta);
  for (let iteration = 0; iteration < limits.maxIterations; iteration++) {
    const { gradient, curvature } = derivatives(design, precision, point.theta);
    const step = solvePositiveDefinite(curvature, gradient);
    // A step this small is rounding: comparing objectives there would only halve it in vain.
    if (step.every((s) => Math.abs(s) < limits.tolerance)) return point.theta.map((t, k) => t + step[k]!);
    const accepted = dampedStep(design, precision, { ...point, step });
    if (!accepted) break; // no step goes up: the optimum, to rounding
    point = accepted;
  }
  return point.theta;
}

type Point = { theta: Float64Array; value: number };

function dampedStep(design: Design, precision: Float64Array, from: Point & { step: Float64Array }): Point | null {
  // Near the optimum a step changes the objective by less than its rounding; a change that small is no overshoot.
  const floor = from.value - 1e-12 * Math.abs(from.value);
  for (let fraction = 1; fraction > 1e-10; fraction /= 2) {
    const theta = from.theta.map((t, k) => t + fraction * from.step[k]!);
    const value = objective(design, precision, theta);
    if (value >= floor) return { theta, value };
  }
  return null;
}

/** Solves A·s = b for a symmetric positive definite A (row-major) by Cholesky. */
function solvePositiveDefinite(a: Float64Array, b: Float64Array): Float64Array {
  const p = b.length;
  const lower = new Float64Array(p * p);
  for (let j = 0; j < p; j++) {
    for (let i = j; i < p; i++) {
      let sum = a[i * p + j]!;
      for (let k = 0; k < j; k++) sum -= lower[i * p + k]! * lower[j * p + k]!;
      if (i === j) {
        if (!(sum > 0)) throw new Error('fitLogistic: the curvature is singular (collinear features, or separable data with l2 = 0)');
        lower[j * p + j] = Math.sqrt(sum);
      } else lower[i * p + j] = sum / lower[j * p + j]!;
    }
  }
  const y = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let sum = b[i]!;
    for (let k = 0; k < i; k++) sum -= lower[i * p + k]! * y[k]!;
    y[i] = sum / lower[i * p + i]!;
  }
  const s = new Float64Array(p);
  for (let i = p - 1; i >= 0; i--) {
    let sum = y[i]!;
    for (let k = i + 1; k < p; k++) sum -= lower[k * p + i]! * s[k]!;
    s[i] = sum / lower[i * p + i]!;
  }
  return s;
}

/** Undoes the standardisation: a coefficient divides by its feature's scale, the means fold into the intercept. */
function rawScale(theta: Float64Array, { mean, scale, varying }: Scaling, width: number): LogisticModel {
  const coefficients = new Array<number>(width).fill(0);
  let intercept = theta[0]!;
  for (const [k, j] of varying.entries()) {
    coefficients[j] = theta[k + 1]! / scale[j]!;
    intercept -= coefficients[j]! * mean[j]!;
  }
  return { intercept, coefficients };
}
