import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { anyOf, custom, func, instanceOf, integer } from '@bnkit/core';
import { checkCallbackOptions } from './check-callback-options.js';
import { CallbackArgumentError } from './errors.js';
import { renderLineChart } from './line-chart.js';

type SymbolicTensor = tfl.SymbolicTensor;
type AnyLayer = tfl.LayersModel['layers'][number];

/**
 * What the monitor records for one layer, one entry per record (before training, then per
 * epoch), aligned with `BatchNormMonitor.epochs`. The per-channel rows (`inputMean`, `inputStd`,
 * `movingMean`, `movingVariance`, `gamma`, `beta`) are kept for the last `channelRecords` records
 * only; older rows are empty arrays, so a long run's memory grows by a few numbers per epoch.
 * The per-record summaries (`meanShift`, `scaleShift`, `inputSpread`, `gammaMean`, `betaMean`)
 * are kept for every record.
 */
export interface LayerStatistics {
  /** Layer name, e.g. `batch_normalization_BatchNormalization1`. */
  name: string;
  className: string;
  /**
   * `'normalization'`: a normalization layer (its input, moving statistics, gamma and beta);
   * `'unnormalized'`: a layer with no normalization layer after it (its input only).
   */
  kind: 'normalization' | 'unnormalized';
  /** Per-channel (last axis) mean of the layer's input on the probe batch. */
  inputMean: number[][];
  /** Per-channel population standard deviation of the layer's input on the probe batch. */
  inputStd: number[][];
  movingMean?: number[][];
  movingVariance?: number[][];
  gamma?: number[][];
  beta?: number[][];
  /**
   * Input shift since the previous record: the channel average of |Δ mean| divided by the
   * previous pooled std (root mean square of the channel stds); NaN for the first record. This is
   * the "internal covariate shift" the BN paper names.
   */
  meanShift: number[];
  /**
   * Spread change since the previous record: the average of |log(std / previous std)| over the
   * channels alive in both records (std above 1e-3 of the pooled std).
   */
  scaleShift: number[];
  /** Mean over the channels of the input's standard deviation. */
  inputSpread: number[];
  /** Mean over the channels of gamma (normalization layers). */
  gammaMean?: number[];
  /** Mean over the channels of beta (normalization layers). */
  betaMean?: number[];
}

/** Options of {@link batchNormMonitor}. */
export interface BatchNormMonitorOptions {
  /** The fixed probe batch fed to the model at each record, e.g. 256 validation rows. Required. */
  probe: tf.Tensor;
  /** Which layers are normalization layers. Default: class names ending in `Normalization`. */
  isNormalization?: (className: string) => boolean;
  /** Record every N epochs. Default 1. */
  every?: number;
  /**
   * How many of the most recent records keep their per-channel rows; older rows are emptied to
   * bound memory in long runs (the summaries and shifts are kept for every record). Default 10;
   * `Infinity` keeps every row.
   */
  channelRecords?: number;
}

/** What a per-channel row becomes once it is older than `channelRecords`: one shared empty array. */
const DROPPED: number[] = Object.freeze([]) as unknown as number[];

function channelMean(row: readonly number[]): number {
  return row.length === 0 ? NaN : row.reduce((a, v) => a + v, 0) / row.length;
}

const EPS = 1e-12;

function weightByName(layer: AnyLayer, suffix: string): tf.Tensor | undefined {
  const index = layer.weights.findIndex(
    (w) => w.originalName.endsWith(suffix) || w.name.endsWith(suffix),
  );
  return index < 0 ? undefined : layer.getWeights()[index];
}

function channelStats(x: tf.Tensor): { mean: number[]; std: number[] } {
  return tf.tidy(() => {
    const flat = tf.reshape(x, [-1, x.shape[x.shape.length - 1] ?? 1]);
    const { mean, variance } = tf.moments(flat, 0);
    return { mean: Array.from(mean.dataSync()), std: Array.from(tf.sqrt(variance).dataSync()) };
  });
}

/** Root mean square of the channel standard deviations: the layer input's overall spread. */
function pooledStd(std: number[]): number {
  return Math.sqrt(std.reduce((a, v) => a + v * v, 0) / Math.max(1, std.length));
}

/**
 * Mean shift: the channel average of |Δ mean| over the previous *pooled* spread of the layer's
 * input. Dividing by each channel's own spread instead would let a near-dead ReLU channel
 * (spread ≈ 0) dominate the average with an arbitrarily large ratio. Scale shift: the average
 * |log(std / previous std)| over the channels alive in both records (spread above 1e-3 of the
 * pooled spread).
 */
export function inputShifts(
  prevMean: number[],
  prevStd: number[],
  mean: number[],
  std: number[],
): [number, number] {
  const prevPooled = Math.max(pooledStd(prevStd), EPS);
  const pooled = Math.max(pooledStd(std), EPS);
  let m = 0;
  let s = 0;
  let alive = 0;
  for (let c = 0; c < mean.length; c++) {
    m += Math.abs((mean[c] ?? 0) - (prevMean[c] ?? 0)) / prevPooled;
    const before = prevStd[c] ?? 0;
    const after = std[c] ?? 0;
    if (before > 1e-3 * prevPooled && after > 1e-3 * pooled) {
      s += Math.abs(Math.log(after / before));
      alive++;
    }
  }
  return [m / Math.max(1, mean.length), alive === 0 ? 0 : s / alive];
}

/**
 * Watches normalization layers during training. Before training and after every epoch it feeds
 * a fixed probe batch through the model in inference mode and records, for each normalization
 * layer (tfjs's `BatchNormalization`, bnkit's, and any class name ending in `Normalization`),
 * the per-channel mean and standard deviation of its input, its moving mean and variance, and
 * its gamma and beta; for each layer with no normalization layer after it, the same input
 * statistics. From consecutive records it computes how far each layer's input distribution
 * moved (`meanShift`, `scaleShift`), and {@link BatchNormMonitor.plots} draws it.
 */
export class BatchNormMonitor extends tfl.Callback {
  readonly probe: tf.Tensor;
  readonly every: number;
  readonly channelRecords: number;
  /** Epoch labels of the records: 0 is before training, e is after epoch e (1-based). */
  readonly epochs: number[] = [];
  readonly layers: LayerStatistics[] = [];
  private readonly isNormalization: (className: string) => boolean;
  private probeModel: tfl.LayersModel | null = null;
  private watched: AnyLayer[] = [];

  constructor(options: BatchNormMonitorOptions) {
    super();
    const checked = checkCallbackOptions('batchNormMonitor', options, {
      probe: instanceOf(
        tf.Tensor,
        'a tensor holding a fixed batch of model inputs (e.g. 256 validation rows)',
      ),
      isNormalization: func<(className: string) => boolean>(),
      every: integer({ min: 1 }),
      channelRecords: anyOf(
        integer({ min: 1 }),
        custom('Infinity', (v): v is number => v === Infinity),
      ),
    });
    if (checked.probe === undefined) {
      throw new CallbackArgumentError(
        'batchNormMonitor: probe',
        undefined,
        'a tensor holding a fixed batch of model inputs (e.g. 256 validation rows)',
      );
    }
    this.probe = checked.probe;
    this.isNormalization = checked.isNormalization ?? ((name) => /Normalization$/.test(name));
    this.every = checked.every ?? 1;
    this.channelRecords = checked.channelRecords ?? 10;
  }

  override async onTrainBegin(): Promise<void> {
    this.epochs.length = 0;
    this.layers.length = 0;
    const model = this.model;
    const outputs: SymbolicTensor[] = [];
    this.watched = [];
    for (const layer of model.layers) {
      const className = layer.getClassName();
      if (className === 'InputLayer') continue;
      const normalization = this.isNormalization(className);
      const next = layer.outboundNodes.map((n) => n.outboundLayer).filter((l) => l !== undefined);
      const followedByNorm = next.some((l) => this.isNormalization(l.getClassName()));
      if (!normalization && followedByNorm) continue;
      const input = layer.inboundNodes[0]?.inputTensors[0];
      if (input === undefined) continue;
      outputs.push(input);
      this.watched.push(layer);
      this.layers.push({
        name: layer.name,
        className,
        kind: normalization ? 'normalization' : 'unnormalized',
        inputMean: [],
        inputStd: [],
        ...(normalization ? { movingMean: [], movingVariance: [], gamma: [], beta: [] } : {}),
        meanShift: [],
        scaleShift: [],
        inputSpread: [],
        ...(normalization ? { gammaMean: [], betaMean: [] } : {}),
      });
    }
    if (outputs.length === 0) {
      throw new CallbackArgumentError(
        'batchNormMonitor: model',
        model.name,
        'a model with at least one layer to watch',
      );
    }
    this.probeModel = tfl.model({ inputs: model.inputs, outputs });
    this.record(0);
  }

  override async onEpochEnd(epoch: number): Promise<void> {
    if ((epoch + 1) % this.every === 0) this.record(epoch + 1);
  }

  private record(label: number): void {
    if (this.probeModel === null) return;
    this.epochs.push(label);
    const predicted = this.probeModel.predict(this.probe);
    const inputs = Array.isArray(predicted) ? predicted : [predicted];
    this.watched.forEach((layer, i) => {
      const stats = this.layers[i];
      const x = inputs[i];
      if (stats === undefined || x === undefined) return;
      const { mean, std } = channelStats(x);
      const prevMean = stats.inputMean[stats.inputMean.length - 1];
      const prevStd = stats.inputStd[stats.inputStd.length - 1];
      const [m, s] =
        prevMean && prevStd && prevMean.length > 0
          ? inputShifts(prevMean, prevStd, mean, std)
          : [NaN, NaN];
      stats.inputMean.push(mean);
      stats.inputStd.push(std);
      stats.meanShift.push(m);
      stats.scaleShift.push(s);
      stats.inputSpread.push(channelMean(std));
      if (stats.kind === 'normalization') {
        const read = (suffix: string) => {
          const w = weightByName(layer, suffix);
          return w === undefined ? [] : Array.from(w.dataSync());
        };
        const gamma = read('gamma');
        const beta = read('beta');
        stats.movingMean?.push(read('moving_mean'));
        stats.movingVariance?.push(read('moving_variance'));
        stats.gamma?.push(gamma);
        stats.beta?.push(beta);
        stats.gammaMean?.push(channelMean(gamma));
        stats.betaMean?.push(channelMean(beta));
      }
      this.dropOldChannelRows(stats);
    });
    tf.dispose(inputs);
  }

  /** Empties the per-channel row that just fell out of the last `channelRecords` records. */
  private dropOldChannelRows(stats: LayerStatistics): void {
    const old = this.epochs.length - 1 - this.channelRecords;
    if (old < 0) return;
    for (const rows of [
      stats.inputMean,
      stats.inputStd,
      stats.movingMean,
      stats.movingVariance,
      stats.gamma,
      stats.beta,
    ]) {
      if (rows !== undefined && old < rows.length) rows[old] = DROPPED;
    }
  }

  /**
   * Three SVG charts: the input shift per layer and epoch (internal covariate shift), the mean
   * input spread per layer, and the mean gamma and beta of each normalization layer.
   */
  plots(): { shift: string; spread: string; affine: string } {
    const x = this.epochs.slice(1);
    const label = (s: LayerStatistics) => `${s.name}${s.kind === 'unnormalized' ? ' (no BN)' : ''}`;
    const shift = renderLineChart({
      title: 'Layer input shift per epoch',
      xLabel: 'Epoch',
      yLabel: 'mean |Δ input mean| / input std',
      width: 900,
      height: 400,
      integerX: true,
      series: this.layers.map((s) => ({
        label: label(s),
        key: s.name,
        x,
        y: s.meanShift.slice(1),
      })),
    });
    const spread = renderLineChart({
      title: 'Layer input spread',
      xLabel: 'Epoch (0 = before training)',
      yLabel: 'mean input std',
      width: 900,
      height: 400,
      integerX: true,
      series: this.layers.map((s) => ({
        label: label(s),
        key: s.name,
        x: this.epochs,
        y: s.inputSpread,
      })),
    });
    const norms = this.layers.filter((s) => s.kind === 'normalization');
    const affine = renderLineChart({
      title: 'Normalization gamma and beta',
      xLabel: 'Epoch (0 = before training)',
      yLabel: 'channel mean',
      width: 900,
      height: 400,
      integerX: true,
      series: norms.flatMap((s) => [
        { label: `${s.name} gamma`, key: `${s.name}/gamma`, x: this.epochs, y: s.gammaMean ?? [] },
        {
          label: `${s.name} beta`,
          key: `${s.name}/beta`,
          x: this.epochs,
          y: s.betaMean ?? [],
          dashed: true,
        },
      ]),
    });
    return { shift, spread, affine };
  }
}

/**
 * Creates a {@link BatchNormMonitor}.
 *
 * @example
 * const monitor = batchNormMonitor({ probe: tf.slice(xTest, 0, 200) });
 * await model.fit(x, y, { epochs: 50, callbacks: [monitor] });
 * const { shift } = monitor.plots(); // SVG text; write it with writePlot from '@bnkit/callbacks/node'
 */
export function batchNormMonitor(options: BatchNormMonitorOptions): BatchNormMonitor {
  return new BatchNormMonitor(options);
}
