import { Counter, Gauge } from 'prom-client';
import { metricsRegistry } from '../ops/server';

// Each service reports its own consumers' lag and dead letters on /metrics, so an alert names the service
// whose consumer is behind even where no Kafka exporter runs. One instance per process: a second runtime in
// the same process (tests) shares them.

function lagGauge(): Gauge<'group' | 'topic' | 'partition'> {
  const existing = metricsRegistry.getSingleMetric('wage_consumer_lag');
  if (existing) return existing as Gauge<'group' | 'topic' | 'partition'>;
  return new Gauge({
    name: 'wage_consumer_lag',
    help: 'Events behind the partition high watermark after the last batch, per consumer group and partition',
    labelNames: ['group', 'topic', 'partition'],
    registers: [metricsRegistry],
  });
}

function deadLetterCounter(): Counter<'group' | 'topic'> {
  const existing = metricsRegistry.getSingleMetric('wage_dead_letters_total');
  if (existing) return existing as Counter<'group' | 'topic'>;
  return new Counter({
    name: 'wage_dead_letters_total',
    help: 'Events parked on the dead-letter topic after their retries, per consumer group and source topic',
    labelNames: ['group', 'topic'],
    registers: [metricsRegistry],
  });
}

export const consumerMetrics = {
  lag(group: string, topic: string, partition: number, offsetLag: string | number): void {
    const n = Number(offsetLag);
    if (Number.isFinite(n)) lagGauge().set({ group, topic, partition: String(partition) }, n);
  },
  deadLettered(group: string, topic: string): void {
    deadLetterCounter().inc({ group, topic });
  },
};
