#!/usr/bin/env node
// The gateway's audit log for operators and outside auditors:
//   AUDIT_HMAC_KEY=… MONGO_URL=mongodb://…/gateway wage-audit verify
//   AUDIT_HMAC_KEY=… MONGO_URL=mongodb://…/gateway wage-audit anchor
//   AUDIT_HMAC_KEY=… MONGO_URL=mongodb://…/gateway wage-audit export --from 2026-01-01 --to 2026-07-01 > audit.jsonl
import mongoose from 'mongoose';
import { AuditLog, auditKey } from '../audit';

const USAGE = [
  'usage: AUDIT_HMAC_KEY=<base64> MONGO_URL=mongodb://host/gateway wage-audit verify',
  '       AUDIT_HMAC_KEY=<base64> MONGO_URL=mongodb://host/gateway wage-audit anchor',
  '       AUDIT_HMAC_KEY=<base64> MONGO_URL=mongodb://host/gateway wage-audit export --from <ISO date> --to <ISO date>',
].join('\n');

function option(args: string[], name: string): Date | undefined {
  const i = args.indexOf(name);
  const v = i >= 0 ? args[i + 1] : undefined;
  const d = v ? new Date(v) : undefined;
  return d && !Number.isNaN(d.getTime()) ? d : undefined;
}

async function verify(log: AuditLog): Promise<number> {
  const r = await log.verify();
  if (r.ok) {
    console.log(`audit log verified: ${r.entries} entries, ${r.anchors} anchors, chain intact`);
    return 0;
  }
  console.error(`audit log BROKEN at entry ${r.brokenAt}: ${r.reason}`);
  return 1;
}

/** JSON Lines on stdout, one entry per line with its sequence number and hashes; a summary on stderr. */
async function exportRange(log: AuditLog, from: Date, to: Date): Promise<number> {
  let n = 0;
  for await (const e of log.export(from, to)) {
    if (!process.stdout.write(`${JSON.stringify(e)}\n`))
      await new Promise((r) => process.stdout.once('drain', r));
    n++;
  }
  console.error(`exported ${n} audit entries from ${from.toISOString()} to ${to.toISOString()}`);
  return 0;
}

async function run(): Promise<number> {
  const url = process.env.AUDIT_MONGO_URL ?? process.env.MONGO_URL;
  const key = process.env.AUDIT_HMAC_KEY;
  const [command, ...args] = process.argv.slice(2);
  const from = option(args, '--from');
  const to = option(args, '--to');
  if (
    !url ||
    !key ||
    !(command === 'verify' || command === 'anchor' || (command === 'export' && from && to))
  ) {
    console.error(USAGE);
    return 2;
  }
  const conn = await mongoose.createConnection(url).asPromise();
  try {
    const log = new AuditLog(conn, auditKey(key));
    if (command === 'anchor') {
      await log.anchor();
      console.log('audit head anchored');
      return 0;
    }
    return command === 'verify' ? await verify(log) : await exportRange(log, from!, to!);
  } finally {
    await conn.close();
  }
}

run().then(
  (c) => process.exit(c),
  (e) => {
    console.error(`audit command failed: ${(e as Error).message}`);
    process.exit(1);
  },
);
