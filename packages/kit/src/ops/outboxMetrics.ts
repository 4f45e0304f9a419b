import type { Model } from 'mongoose';
import { Gauge } from 'prom-client';
import { metricsRegistry } from './server';

/**
 * `wage_outbox_pending_aggregates`: aggregates whose outbox still holds unpublished events, counted at each
 * scrape over the collections the relay drains (the `outbox.id` index serves the count). A value that stays
 * up means the relay is stuck or no instance holds its lease; the alert rules in deploy/k8s watch it.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function registerOutboxBacklog(models: ReadonlyArray<Model<any>>): void {
  // One gauge per process; a second service runtime in one process (tests) re-registers over the first.
  metricsRegistry.removeSingleMetric('wage_outbox_pending_aggregates');
  new Gauge({
    name: 'wage_outbox_pending_aggregates',
    help: 'Aggregates with events in their outbox not yet published, per collection',
    labelNames: ['collection'],
    registers: [metricsRegistry],
    async collect() {
      this.reset();
      await Promise.all(
        models.map(async (m) => {
          const n = await m.countDocuments({ 'outbox.id': { $exists: true } });
          this.set({ collection: m.collection.collectionName }, n);
        }),
      );
    },
  });
}
